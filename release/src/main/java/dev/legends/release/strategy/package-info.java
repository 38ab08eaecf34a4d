/**
 * spec.strategy (Argo Rollouts' field names) compiled into {@link dev.legends.release.strategy.Plan}s:
 * ordered {@link dev.legends.release.strategy.Step}s for recreate, rollingUpdate (ramped), blueGreen,
 * canary, abTesting and shadow, with Kubernetes' rounding of maxSurge and maxUnavailable.
 */
package dev.legends.release.strategy;
