/** release layer (see shared/DESIGN.md). */
package dev.legends.release;
