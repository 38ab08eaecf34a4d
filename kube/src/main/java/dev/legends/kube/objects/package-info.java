/**
 * Names, labels and the Kubernetes objects of a revision, as pure functions shared by the live
 * adapters and the export; and the translation of the API server's errors.
 */
package dev.legends.kube.objects;
