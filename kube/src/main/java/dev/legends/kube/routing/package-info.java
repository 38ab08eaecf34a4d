/**
 * The TrafficRouter port on Kubernetes: a Gateway API HTTPRoute per app (the main router), or
 * ingress-nginx canary Ingresses where Gateway API is not installed.
 */
package dev.legends.kube.routing;
