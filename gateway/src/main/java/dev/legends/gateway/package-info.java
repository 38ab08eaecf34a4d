/** gateway layer (see shared/DESIGN.md). */
package dev.legends.gateway;
