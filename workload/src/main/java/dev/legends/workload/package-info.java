/** workload layer (see shared/DESIGN.md). */
package dev.legends.workload;
