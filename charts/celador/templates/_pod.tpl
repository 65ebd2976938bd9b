{{/*
The Deployment of one role. Both roles run the same image and differ in arguments, ports and
settings; call with (dict "root" $ "component" "ext-authz" "role" .Values.extAuthz
"args" (list ...) "ports" (list (dict "name" .. "port" ..)) "tlsVolume" bool).
*/}}
{{- define "celador.deployment" -}}
{{- $root := .root -}}
{{- $role := .role -}}
{{- $selector := dict "root" $root "component" .component -}}
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ include "celador.fullname" $root }}-{{ .component }}
  namespace: {{ $root.Release.Namespace }}
  labels:
    {{- include "celador.labels" $root | nindent 4 }}
    app.kubernetes.io/component: {{ .component }}
spec:
  {{- if not $role.autoscaling.enabled }}
  replicas: {{ $role.replicaCount }}
  {{- end }}
  revisionHistoryLimit: 5
  selector:
    matchLabels:
      {{- include "celador.componentSelectorLabels" $selector | nindent 6 }}
  strategy:
    type: RollingUpdate
    rollingUpdate:
      # Never below the requested capacity during a rollout: authorization is on every request.
      maxUnavailable: 0
      maxSurge: 1
  template:
    metadata:
      labels:
        {{- include "celador.componentSelectorLabels" $selector | nindent 8 }}
        {{- with $role.podLabels }}
        {{- toYaml . | nindent 8 }}
        {{- end }}
      annotations:
        # Settings are read at start-up only (policies are hot-reloaded), so a change rolls the pods.
        checksum/config: {{ include (print $root.Template.BasePath "/configmap-settings.yaml") $root | sha256sum }}
        {{- with $role.podAnnotations }}
        {{- toYaml . | nindent 8 }}
        {{- end }}
    spec:
      serviceAccountName: {{ include "celador.serviceAccountName" $selector }}
      # Only a role that reads the API gets a token.
      automountServiceAccountToken: {{ include "celador.needsApi" $selector | eq "true" }}
      {{- with $root.Values.imagePullSecrets }}
      imagePullSecrets:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      {{- with $role.priorityClassName }}
      priorityClassName: {{ . }}
      {{- end }}
      terminationGracePeriodSeconds: {{ $root.Values.terminationGracePeriodSeconds }}
      securityContext:
        {{- toYaml $root.Values.podSecurityContext | nindent 8 }}
      containers:
        - name: celador
          image: {{ include "celador.image" $root }}
          imagePullPolicy: {{ $root.Values.image.pullPolicy }}
          args:
            {{- range .args }}
            - {{ . | quote }}
            {{- end }}
            - --config
            - /etc/celador/config/{{ .component }}.yaml
            {{- range $role.extraArgs }}
            - {{ . | quote }}
            {{- end }}
          env:
            - name: JAVA_TOOL_OPTIONS
              value: {{ trim (printf "%s %s" $root.Values.javaOptions (default "" $role.javaOptions)) | quote }}
            - name: POD_NAMESPACE
              valueFrom:
                fieldRef:
                  fieldPath: metadata.namespace
            {{- with include "celador.redisSecretName" $root }}
            - name: CELADOR_RATELIMIT_REDIS_URL
              valueFrom:
                secretKeyRef:
                  name: {{ . }}
                  key: {{ if $root.Values.redis.existingSecret.name }}{{ $root.Values.redis.existingSecret.key }}{{ else }}url{{ end }}
            {{- end }}
            {{- with $role.extraEnv }}
            {{- toYaml . | nindent 12 }}
            {{- end }}
          ports:
            {{- range .ports }}
            - name: {{ .name }}
              containerPort: {{ .port }}
              protocol: TCP
            {{- end }}
            - name: management
              containerPort: {{ $root.Values.management.port }}
              protocol: TCP
          startupProbe:
            # Policies compile and the JIT warms up before the pod turns ready (docs/serve.md).
            httpGet:
              path: /healthz
              port: management
            periodSeconds: 2
            failureThreshold: 60
          livenessProbe:
            httpGet:
              path: /healthz
              port: management
            periodSeconds: 10
            failureThreshold: 3
          readinessProbe:
            httpGet:
              path: /readyz
              port: management
            periodSeconds: 5
            failureThreshold: 2
          resources:
            {{- toYaml $role.resources | nindent 12 }}
          securityContext:
            {{- toYaml $root.Values.securityContext | nindent 12 }}
          volumeMounts:
            # The root filesystem is read-only; the JVM and Netty's native libraries need a /tmp.
            - name: tmp
              mountPath: /tmp
            - name: config
              mountPath: /etc/celador/config
              readOnly: true
            {{- if or (eq $root.Values.policies.source "configMap") (eq .component "admission") }}
            - name: policies
              mountPath: /etc/celador/policies
              readOnly: true
            {{- end }}
            {{- if .tlsVolume }}
            - name: tls
              mountPath: /etc/celador/tls
              readOnly: true
            {{- end }}
      volumes:
        - name: tmp
          emptyDir:
            sizeLimit: 64Mi
        - name: config
          configMap:
            name: {{ include "celador.fullname" $root }}-settings
        {{- if eq $root.Values.policies.source "configMap" }}
        - name: policies
          configMap:
            name: {{ include "celador.policyConfigMapName" $root }}
        {{- else if eq .component "admission" }}
        # Policies come from CRs; serve's unused ext_authz side gets an empty directory.
        - name: policies
          emptyDir:
            sizeLimit: 1Mi
        {{- end }}
        {{- if .tlsVolume }}
        - name: tls
          secret:
            secretName: {{ include "celador.admissionTlsSecretName" $root }}
        {{- end }}
      {{- with $role.nodeSelector }}
      nodeSelector:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      {{- with $role.tolerations }}
      tolerations:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      affinity:
        {{- if $role.affinity }}
        {{- toYaml $role.affinity | nindent 8 }}
        {{- else }}
        podAntiAffinity:
          preferredDuringSchedulingIgnoredDuringExecution:
            - weight: 100
              podAffinityTerm:
                topologyKey: kubernetes.io/hostname
                labelSelector:
                  matchLabels:
                    {{- include "celador.componentSelectorLabels" $selector | nindent 20 }}
        {{- end }}
      {{- with $role.topologySpreadConstraints }}
      topologySpreadConstraints:
        {{- toYaml . | nindent 8 }}
      {{- end }}
{{- end }}

{{/* PodDisruptionBudget and HPA of one role; same dict as celador.deployment. */}}
{{- define "celador.availability" -}}
{{- $root := .root -}}
{{- $role := .role -}}
{{- $selector := dict "root" $root "component" .component -}}
{{- if $role.podDisruptionBudget.enabled }}
---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: {{ include "celador.fullname" $root }}-{{ .component }}
  namespace: {{ $root.Release.Namespace }}
  labels:
    {{- include "celador.labels" $root | nindent 4 }}
    app.kubernetes.io/component: {{ .component }}
spec:
  maxUnavailable: {{ $role.podDisruptionBudget.maxUnavailable }}
  selector:
    matchLabels:
      {{- include "celador.componentSelectorLabels" $selector | nindent 6 }}
{{- end }}
{{- if $role.autoscaling.enabled }}
---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: {{ include "celador.fullname" $root }}-{{ .component }}
  namespace: {{ $root.Release.Namespace }}
  labels:
    {{- include "celador.labels" $root | nindent 4 }}
    app.kubernetes.io/component: {{ .component }}
spec:
  scaleTargetRef:
    apiVersion: apps/v1
    kind: Deployment
    name: {{ include "celador.fullname" $root }}-{{ .component }}
  minReplicas: {{ $role.autoscaling.minReplicas }}
  maxReplicas: {{ $role.autoscaling.maxReplicas }}
  metrics:
    - type: Resource
      resource:
        name: cpu
        target:
          type: Utilization
          averageUtilization: {{ $role.autoscaling.targetCPUUtilizationPercentage }}
{{- end }}
{{- end }}
