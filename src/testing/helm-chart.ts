// A chart written the way `helm create` scaffolds one, and what `helm template release shop` renders
// of it with privileged and hostNetwork values: the shared case of the Helm location tests.

export const chartYaml = 'apiVersion: v2\nname: shop\nversion: 0.1.0\nappVersion: "1.16.0"\n';

export const deploymentTemplate = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ include "shop.fullname" . }}
  labels:
    {{- include "shop.labels" . | nindent 4 }}
spec:
  {{- if not .Values.autoscaling.enabled }}
  replicas: {{ .Values.replicaCount }}
  {{- end }}
  selector:
    matchLabels:
      {{- include "shop.selectorLabels" . | nindent 6 }}
  template:
    metadata:
      {{- with .Values.podAnnotations }}
      annotations:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      labels:
        {{- include "shop.labels" . | nindent 8 }}
    spec:
      serviceAccountName: {{ include "shop.serviceAccountName" . }}
      securityContext:
        {{- toYaml .Values.podSecurityContext | nindent 8 }}
      containers:
        - name: {{ .Chart.Name }}
          securityContext:
            {{- toYaml .Values.securityContext | nindent 12 }}
          image: "{{ .Values.image.repository }}:{{ .Values.image.tag | default .Chart.AppVersion }}"
          ports:
            - name: http
              containerPort: {{ .Values.service.port }}
          resources:
            {{- toYaml .Values.resources | nindent 12 }}
        {{- with .Values.extraContainers }}
        {{- toYaml . | nindent 8 }}
        {{- end }}
      {{- if .Values.debug }}
      shareProcessNamespace: true
      {{- end }}
      hostNetwork: {{ .Values.hostNetwork }}
`;

export const renderedStream = `---
# Source: shop/templates/deployment.yaml
apiVersion: apps/v1
kind: Deployment
metadata:
  name: release-shop
  labels:
    helm.sh/chart: shop-0.1.0
    app.kubernetes.io/name: shop
    app.kubernetes.io/instance: release
    app.kubernetes.io/version: "1.16.0"
    app.kubernetes.io/managed-by: Helm
spec:
  replicas: 1
  selector:
    matchLabels:
      app.kubernetes.io/name: shop
      app.kubernetes.io/instance: release
  template:
    metadata:
      labels:
        helm.sh/chart: shop-0.1.0
        app.kubernetes.io/name: shop
        app.kubernetes.io/instance: release
        app.kubernetes.io/version: "1.16.0"
        app.kubernetes.io/managed-by: Helm
    spec:
      serviceAccountName: release-shop
      securityContext:
        {}
      containers:
        - name: shop
          securityContext:
            privileged: true
          image: "nginx:1.16.0"
          ports:
            - name: http
              containerPort: 80
          resources:
            {}
      hostNetwork: true
`;
