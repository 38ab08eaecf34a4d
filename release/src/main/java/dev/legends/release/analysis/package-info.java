/**
 * Analysis of a release from windows of per-revision metrics: threshold checks (Argo Rollouts'
 * successCondition, failureCondition, count, interval, failureLimit, inconclusiveLimit) and a
 * Kayenta-style judge (Mann–Whitney U of canary against stable). No data is inconclusive.
 */
package dev.legends.release.analysis;
