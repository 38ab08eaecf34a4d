/** kube layer (see shared/DESIGN.md). */
package dev.legends.kube;
