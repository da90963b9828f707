/**
 * The copy actions: results as a Markdown table, as JSON in the CLI's `compare --json` shape
 * (full precision, recipes and versions), and as a Python snippet that reproduces the numbers with
 * scikit-image, BasicSR and the official `lpips` package. Pure functions of the panel's results.
 */
import type { Recipe } from '../../src/core/recipe';
import type { PanelLpips, PanelScores } from '../../src/protocol/compare';
import { formatPsnr, formatScore } from './viewMath';
import { lpipsRecipeLine, recipeLines } from './recipeText';

/** Everything an export needs. */
export interface ExportInput {
  readonly pathA: string;
  readonly pathB: string;
  readonly recipe: Recipe;
  readonly scores: PanelScores;
  readonly lpips?: PanelLpips;
  readonly version: string;
}

/** `imsim compare --json`'s object. */
export function exportJson(input: ExportInput): string {
  const { scores, recipe, lpips } = input;
  const metrics: Record<string, number | null> = {};
  const m = scores.metrics;
  if (m.mse !== undefined) metrics.mse = m.mse;
  if (m.psnr !== undefined) metrics.psnr = m.psnr;
  if (m.ssim !== undefined) metrics.ssim = m.ssim;
  if (m.msssim !== undefined) metrics.msssim = m.msssim;
  if (lpips) metrics.lpips = lpips.value;
  const settings: Record<string, unknown> = {
    ssimVariant: recipe.ssimVariant,
    channel: recipe.channel,
    cropBorder: recipe.cropBorder,
    dataRange: scores.dataRange,
    decoder: scores.decoder,
  };
  if (lpips) {
    settings.lpipsNetwork = lpips.network;
    settings.lpipsBackend = lpips.adapter ? `${lpips.backend} (${lpips.adapter})` : lpips.backend;
  }
  settings.version = input.version;
  const out: Record<string, unknown> = {
    a: input.pathA,
    b: input.pathB,
    width: scores.width,
    height: scores.height,
    identical: scores.identical,
    metrics,
  };
  if (scores.psnrInfinite) out.psnrInfinite = true;
  out.notices = [...scores.notices];
  out.settings = settings;
  return JSON.stringify(out, null, 2);
}

function escapeCell(text: string): string {
  return text.replace(/\|/g, '\\|');
}

/** A Markdown table: metric, value, direction, recipe. */
export function exportMarkdown(input: ExportInput): string {
  const { scores, recipe, lpips } = input;
  const lines = recipeLines(recipe, scores.dataRange, scores.ssimDownsampleFactor);
  const rows: string[][] = [];
  const m = scores.metrics;
  if (m.psnr !== undefined || scores.psnrInfinite) rows.push(['PSNR (dB)', formatPsnr(m.psnr, scores.psnrInfinite), 'higher', lines.psnr]);
  if (m.ssim !== undefined) rows.push(['SSIM', formatScore(m.ssim), 'higher', lines.ssim]);
  if (m.msssim !== undefined) rows.push(['MS-SSIM', formatScore(m.msssim), 'higher', lines.msssim]);
  if (lpips) rows.push(['LPIPS', formatScore(lpips.value), 'lower', lpipsRecipeLine(lpips, recipe.cropBorder)]);
  for (const [metric, reason] of Object.entries(scores.unavailable)) rows.push([metric, 'n/a', '', reason]);
  return [
    `**${escapeCell(input.pathA)}** ↔ **${escapeCell(input.pathB)}** (${scores.width}×${scores.height}${scores.identical ? ', identical' : ''})`,
    '',
    '| Metric | Value | More similar | Recipe |',
    '| --- | ---: | --- | --- |',
    ...rows.map((r) => `| ${r.map(escapeCell).join(' | ')} |`),
    '',
    `Image Similarity ${input.version}, decoder ${scores.decoder}`,
  ].join('\n');
}

function pyString(text: string): string {
  return JSON.stringify(text);
}

/** A Python snippet that reproduces the numbers. */
export function exportPython(input: ExportInput): string {
  const { recipe, scores, lpips } = input;
  const c = recipe.cropBorder;
  const R = scores.dataRange;
  const out: string[] = [
    `# Reproduces Image Similarity ${input.version}: ${recipe.ssimVariant} SSIM, channel ${recipe.channel}, crop ${c} px, data range ${R}.`,
    '# pip install numpy scikit-image imageio' + (lpips ? ' torch lpips' : '') + (recipe.channel === 'y' ? ' basicsr' : ''),
    'import numpy as np',
    'from skimage.io import imread',
    'from skimage.metrics import peak_signal_noise_ratio, structural_similarity',
    '',
    'def load(path):',
    '    img = imread(path)  # Pillow decodes JPEG with libjpeg-turbo, as the extension does',
    '    if img.ndim == 3 and img.shape[2] in (2, 4):',
    '        img = img[..., :-1]  # alpha is dropped for every metric',
    '    if img.ndim == 3 and img.shape[2] == 1:',
    '        img = img[..., 0]',
    '    return img',
    '',
    `a, b = load(${pyString(input.pathA)}), load(${pyString(input.pathB)})`,
    'if a.ndim != b.ndim:  # gray paired with colour: R = G = B',
    '    a, b = [np.stack([x] * 3, axis=-1) if x.ndim == 2 else x for x in (a, b)]',
    `M = ${scores.dataRange === 65535 || scores.files[0].bitDepth === 16 ? 65535 : 255}  # 2**bits - 1`,
    `c = ${c}`,
    'if c:',
    '    a, b = a[c:-c, c:-c], b[c:-c, c:-c]',
    'a64, b64 = a.astype(np.float64), b.astype(np.float64)',
  ];
  switch (recipe.channel) {
    case 'rgb':
      break;
    case 'y':
    case 'y-matlab':
      out.push(
        'def luma(x):  # BT.601 Y on the 0-255 scale, left to right in float64 (BasicSR, skimage rgb2ycbcr)',
        '    if x.ndim == 2:',
        '        x = np.stack([x] * 3, axis=-1)',
        '    return 16 + 65.481 * (x[..., 0] / M) + 128.553 * (x[..., 1] / M) + 24.966 * (x[..., 2] / M)',
        'a64, b64 = luma(a64), luma(b64)',
      );
      if (recipe.channel === 'y-matlab') out.push('a64, b64 = np.floor(a64 + 0.5), np.floor(b64 + 0.5)  # MATLAB rgb2ycbcr on uint8');
      break;
    case 'gray':
      out.push(
        'def gray(x):  # MATLAB rgb2gray on integer input',
        '    if x.ndim == 2:',
        '        return x',
        '    return np.round(0.298936021293775 * x[..., 0] + 0.587043074451121 * x[..., 1] + 0.114020904255103 * x[..., 2])',
        'a64, b64 = gray(a64), gray(b64)',
      );
      break;
    default: {
      const never: never = recipe.channel;
      out.push(`# unknown channel mode ${String(never)}`);
    }
  }
  out.push(
    `R = ${R}`,
    'axis = -1 if a64.ndim == 3 else None',
    `print("psnr", peak_signal_noise_ratio(a64, b64, data_range=R))  # ${formatPsnr(scores.metrics.psnr, scores.psnrInfinite)}`,
  );
  if (recipe.channel === 'y') {
    out.push(
      '# BasicSR gives the same PSNR (it expects BGR order):',
      '# from basicsr.metrics import calculate_psnr',
      `# calculate_psnr(a[..., ::-1], b[..., ::-1], crop_border=0, input_order="HWC", test_y_channel=True)`,
    );
  }
  const ssimComment = `# ${formatScore(scores.metrics.ssim)}`;
  switch (recipe.ssimVariant) {
    case 'wang2004':
      out.push(`print("ssim", structural_similarity(a64, b64, channel_axis=axis, data_range=R, gaussian_weights=True, sigma=1.5, use_sample_covariance=False))  ${ssimComment}`);
      break;
    case 'skimage':
      out.push(`print("ssim", structural_similarity(a64, b64, channel_axis=axis, data_range=R))  ${ssimComment}`);
      break;
    case 'matlab':
      out.push(
        'def matlab_down(p, f):  # ssim.m: mean of f samples, MATLAB "symmetric" padding',
        '    q = np.pad(p, [(f, f), (f, f)] + [(0, 0)] * (p.ndim - 2), mode="symmetric")',
        '    o = (f - 1) // 2',
        '    rows = sum(np.take(q, f + np.arange(0, p.shape[0], f) + k - o, axis=0) for k in range(f)) / f',
        '    return sum(np.take(rows, f + np.arange(0, p.shape[1], f) + k - o, axis=1) for k in range(f)) / f',
        'f = max(1, int(np.floor(min(a64.shape[:2]) / 256 + 0.5)))',
        'da, db = (matlab_down(a64, f), matlab_down(b64, f)) if f > 1 else (a64, b64)',
        `print("ssim", structural_similarity(da, db, channel_axis=axis, data_range=R, gaussian_weights=True, sigma=1.5, use_sample_covariance=False))  ${ssimComment}`,
      );
      break;
    default: {
      const never: never = recipe.ssimVariant;
      out.push(`# unknown SSIM variant ${String(never)}`);
    }
  }
  if (scores.metrics.msssim !== undefined) {
    out.push(`# MS-SSIM (${formatScore(scores.metrics.msssim)}) follows Wang's msssim.m; scikit-image has no equivalent: imsim compare A B --metrics msssim`);
  }
  if (lpips) {
    const net = lpips.network.split(' ')[0];
    out.push(
      'import lpips, torch',
      `loss = lpips.LPIPS(net=${pyString(net)}, version="0.1")`,
      'def tensor(x):  # RGB in [-1, 1], gray replicated',
      '    x = np.stack([x] * 3, axis=-1) if x.ndim == 2 else x',
      '    return torch.from_numpy(x.astype(np.float32) / M).permute(2, 0, 1)[None] * 2 - 1',
      `print("lpips", loss(tensor(a), tensor(b)).item())  # ${formatScore(lpips.value)}`,
    );
  }
  return out.join('\n') + '\n';
}
