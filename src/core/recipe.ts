/**
 * Recipe names shared by the UI, settings, CLI and JSON (docs/ARCHITECTURE.md, "Metric recipes").
 * They are declared once, in the metric registry (./registry.ts); this module re-exports them for
 * the many files that only need the names.
 */
export {
  CHANNEL_MODES,
  DEFAULT_METRICS,
  DEFAULT_RECIPE,
  METRIC_NAMES,
  SSIM_VARIANTS,
  type ChannelMode,
  type MetricName,
  type Recipe,
  type SsimVariant,
} from './registry';
