/**
 * The recipe line under each score card: exactly how the number was computed, in the recipe terms
 * of docs/ARCHITECTURE.md ("Metric recipes"), e.g. "SSIM · Wang 2004 Gaussian σ1.5 · Y (BT.601) ·
 * crop 4 px · data range 255".
 */
import { recipeOption, type ChannelMode, type Recipe, type SsimVariant } from '../../src/core/registry';
import type { PanelLpips } from '../../src/protocol/compare';

/** Short names of the SSIM variants, for the controls (the registry's labels). */
export const SSIM_VARIANT_LABELS = choiceLabels('ssimVariant') as Record<SsimVariant, string>;

/** Short names of the channel modes, for the controls (the registry's labels). */
export const CHANNEL_LABELS = choiceLabels('channel') as Record<ChannelMode, string>;

function choiceLabels(key: 'ssimVariant' | 'channel'): Record<string, string> {
  return Object.fromEntries((recipeOption(key).choices ?? []).map((c) => [c.value, c.label]));
}

function channelText(channel: ChannelMode, forSsim: boolean): string {
  switch (channel) {
    case 'rgb':
      return forSsim ? 'RGB, mean of channels' : 'RGB, all channels';
    case 'y':
      return 'Y (BT.601)';
    case 'y-matlab':
      return 'Y (BT.601, rounded)';
    case 'gray':
      return 'gray (rgb2gray)';
    default: {
      const never: never = channel;
      return String(never);
    }
  }
}

function variantText(variant: SsimVariant, downsampleFactor: number | undefined): string {
  switch (variant) {
    case 'wang2004':
      return 'Wang 2004 Gaussian σ1.5';
    case 'skimage':
      return 'scikit-image 7×7 uniform, sample covariance';
    case 'matlab': {
      if (downsampleFactor === undefined) return 'MATLAB ssim.m (auto-downsampling), Gaussian σ1.5';
      return downsampleFactor > 1 ? `MATLAB ssim.m, downsampled ×${downsampleFactor}, Gaussian σ1.5` : 'MATLAB ssim.m (no downsampling), Gaussian σ1.5';
    }
    default: {
      const never: never = variant;
      return String(never);
    }
  }
}

function tail(recipe: Recipe, dataRange: number): string[] {
  const parts: string[] = [];
  if (recipe.cropBorder > 0) parts.push(`crop ${recipe.cropBorder} px`);
  parts.push(`data range ${dataRange}`);
  return parts;
}

/** Recipe lines of the worker metrics; the SSIM line shows the downsampling factor the result carries. */
export function recipeLines(recipe: Recipe, dataRange: number, ssimDownsampleFactor: number | undefined): { psnr: string; ssim: string; msssim: string } {
  return {
    psnr: ['PSNR', '10·log10(R²/MSE)', channelText(recipe.channel, false), ...tail(recipe, dataRange)].join(' · '),
    ssim: ['SSIM', variantText(recipe.ssimVariant, ssimDownsampleFactor), channelText(recipe.channel, true), ...tail(recipe, dataRange)].join(' · '),
    msssim: ['MS-SSIM', 'Wang 2003, 5 scales, Gaussian σ1.5', channelText(recipe.channel, true), ...tail(recipe, dataRange)].join(' · '),
  };
}

/** Recipe line of an LPIPS result. */
export function lpipsRecipeLine(lpips: PanelLpips, cropBorder: number): string {
  const backend = lpips.backend === 'webgpu' ? `WebGPU${lpips.adapter ? ` (${lpips.adapter})` : ''}` : 'WASM';
  const parts = ['LPIPS', lpips.network, backend];
  if (cropBorder > 0) parts.push(`crop ${cropBorder} px`);
  parts.push(`${Math.round(lpips.ms)} ms`);
  return parts.join(' · ');
}
