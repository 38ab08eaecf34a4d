/** network layer (see shared/DESIGN.md). */
package dev.legends.network;
