/** The Platform port on Kubernetes: a Deployment and a Service per revision, Pods read back as instances. */
package dev.legends.kube.platform;
