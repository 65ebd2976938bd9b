{{/* Chart name, overridable. */}}
{{- define "celador.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Resource name prefix: release name + chart name, unless the release name already says it. */}}
{{- define "celador.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{/* Labels every resource carries. */}}
{{- define "celador.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{ include "celador.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- with .Values.commonLabels }}
{{ toYaml . }}
{{- end }}
{{- end }}

{{/* Labels that select every pod of the release (both roles). */}}
{{- define "celador.selectorLabels" -}}
app.kubernetes.io/name: {{ include "celador.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{/* Pod selector of one role; call with (dict "root" $ "component" "ext-authz"). */}}
{{- define "celador.componentSelectorLabels" -}}
{{ include "celador.selectorLabels" .root }}
app.kubernetes.io/component: {{ .component }}
{{- end }}

{{/* ServiceAccount of one role; call with (dict "root" $ "component" "ext-authz"). */}}
{{- define "celador.serviceAccountName" -}}
{{- if .root.Values.serviceAccount.create }}
{{- printf "%s-%s" (include "celador.fullname" .root) .component }}
{{- else }}
{{- default "default" .root.Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{- define "celador.image" -}}
{{- if .Values.image.digest }}
{{- printf "%s@%s" .Values.image.repository .Values.image.digest }}
{{- else }}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) }}
{{- end }}
{{- end }}

{{- define "celador.policyConfigMapName" -}}
{{- if .Values.policies.configMap.create }}
{{- printf "%s-policies" (include "celador.fullname" .) }}
{{- else }}
{{- required "policies.configMap.name is required when policies.configMap.create is false" .Values.policies.configMap.name }}
{{- end }}
{{- end }}

{{- define "celador.redisSecretName" -}}
{{- if .Values.redis.existingSecret.name }}
{{- .Values.redis.existingSecret.name }}
{{- else if .Values.redis.url }}
{{- printf "%s-redis" (include "celador.fullname" .) }}
{{- end }}
{{- end }}

{{- define "celador.admissionServiceName" -}}
{{- printf "%s-admission" (include "celador.fullname" .) }}
{{- end }}

{{- define "celador.admissionTlsSecretName" -}}
{{- default (printf "%s-admission-tls" (include "celador.fullname" .)) .Values.admission.tls.secretName }}
{{- end }}

{{- define "celador.webhookConfigurationName" -}}
{{- printf "%s-%s" (include "celador.fullname" .) .Release.Namespace | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Whether one role reads the Kubernetes API, i.e. needs a ServiceAccount token. */}}
{{- define "celador.needsApi" -}}
{{- if or (eq .root.Values.policies.source "crd") (and (eq .component "admission") (eq .root.Values.admission.tls.mode "bootstrap")) }}true{{ end }}
{{- end }}

{{/* A setting as serve reads it: YAML numbers reach templates as float64, so 1048576 would print as
1.048576e+06; whole numbers are written as integers. */}}
{{- define "celador.settingValue" -}}
{{- if and (kindIs "float64" .) (eq (floor .) .) }}{{ int64 . }}{{ else }}{{ toString . }}{{ end }}
{{- end }}
