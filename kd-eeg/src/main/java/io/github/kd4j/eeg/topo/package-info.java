/**
 * Scalp topographic maps: {@link io.github.kd4j.eeg.topo.TopomapFigure} draws grids of maps (bands
 * x subjects, SPEC 10) to PNG; {@link io.github.kd4j.eeg.topo.Topomap} is one map, electrode values
 * placed by MNE's topomap projection and interpolated by a spherical spline.
 */
package io.github.kd4j.eeg.topo;
