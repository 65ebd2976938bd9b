package dev.celador.engine.internal.cel;

import com.google.errorprone.annotations.Immutable;
import dev.cel.common.types.CelType;
import dev.cel.common.types.ListType;
import dev.cel.common.types.SimpleType;
import dev.cel.common.values.CelValue;
import java.util.AbstractList;
import java.util.List;
import java.util.RandomAccess;

/**
 * A JSON array already converted to CEL values, marked as a {@link CelValue} for the same reason as
 * {@link JsonMap}: cel-java's value converter checks every element of a plain list each time an
 * expression reads it (a handful of interface type checks per element, slow on JDK 17), which made
 * {@code c in variables.allowed} inside a comprehension the most expensive step of a Pod Security
 * policy. A CelValue is taken as is. Read-only; a {@code List} everywhere else.
 */
@Immutable
@SuppressWarnings("Immutable") // wraps an unmodifiable list built once from parsed JSON
final class JsonList extends CelValue implements List<Object>, RandomAccess {

  private static final CelType TYPE = ListType.create(SimpleType.DYN);

  private final List<Object> items;
  private final ReadOnly view;

  JsonList(List<Object> items) {
    this.items = items;
    this.view = new ReadOnly(items);
  }

  @Override
  public Object value() {
    return this;
  }

  @Override
  public boolean isZeroValue() {
    return items.isEmpty();
  }

  @Override
  public CelType celType() {
    return TYPE;
  }

  // List, by delegation to a read-only AbstractList view (equals/hashCode by List's contract).

  @Override
  public int size() {
    return items.size();
  }

  @Override
  public boolean isEmpty() {
    return items.isEmpty();
  }

  @Override
  public Object get(int index) {
    return items.get(index);
  }

  @Override
  public boolean contains(Object o) {
    return items.contains(o);
  }

  @Override
  public java.util.Iterator<Object> iterator() {
    return view.iterator();
  }

  @Override
  public Object[] toArray() {
    return items.toArray();
  }

  @Override
  public <T> T[] toArray(T[] a) {
    return items.toArray(a);
  }

  @Override
  public boolean add(Object o) {
    throw new UnsupportedOperationException("read-only");
  }

  @Override
  public boolean remove(Object o) {
    throw new UnsupportedOperationException("read-only");
  }

  @Override
  public boolean containsAll(java.util.Collection<?> c) {
    return items.containsAll(c);
  }

  @Override
  public boolean addAll(java.util.Collection<?> c) {
    throw new UnsupportedOperationException("read-only");
  }

  @Override
  public boolean addAll(int index, java.util.Collection<?> c) {
    throw new UnsupportedOperationException("read-only");
  }

  @Override
  public boolean removeAll(java.util.Collection<?> c) {
    throw new UnsupportedOperationException("read-only");
  }

  @Override
  public boolean retainAll(java.util.Collection<?> c) {
    throw new UnsupportedOperationException("read-only");
  }

  @Override
  public void clear() {
    throw new UnsupportedOperationException("read-only");
  }

  @Override
  public Object set(int index, Object element) {
    throw new UnsupportedOperationException("read-only");
  }

  @Override
  public void add(int index, Object element) {
    throw new UnsupportedOperationException("read-only");
  }

  @Override
  public Object remove(int index) {
    throw new UnsupportedOperationException("read-only");
  }

  @Override
  public int indexOf(Object o) {
    return items.indexOf(o);
  }

  @Override
  public int lastIndexOf(Object o) {
    return items.lastIndexOf(o);
  }

  @Override
  public java.util.ListIterator<Object> listIterator() {
    return view.listIterator();
  }

  @Override
  public java.util.ListIterator<Object> listIterator(int index) {
    return view.listIterator(index);
  }

  @Override
  public List<Object> subList(int fromIndex, int toIndex) {
    return view.subList(fromIndex, toIndex);
  }

  @Override
  public boolean equals(Object other) {
    return view.equals(other);
  }

  @Override
  public int hashCode() {
    return view.hashCode();
  }

  @Override
  public String toString() {
    return items.toString();
  }

  /** Read-only iteration over the items, without exposing the backing list. */
  private static final class ReadOnly extends AbstractList<Object> implements RandomAccess {
    private final List<Object> items;

    ReadOnly(List<Object> items) {
      this.items = items;
    }

    @Override
    public Object get(int index) {
      return items.get(index);
    }

    @Override
    public int size() {
      return items.size();
    }
  }
}
