/** Values as manifests write them (durations), shared by the strategy and analysis parsers. */
package dev.legends.release.manifest;
