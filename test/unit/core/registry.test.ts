/**
 * The metric registry (src/core/registry.ts) is the one vocabulary: every surface lists exactly its
 * metrics and recipe options — the CLI's parsing and help, the settings schema in package.json, the
 * notebook cell language and its completion keywords, the batch CSV header and table titles — and
 * one check validates a recipe option wherever it comes from.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { USAGE, UsageError, parseArgs } from '../../../src/cli/args';
import { COLUMN_TITLES, batchCsv, computedColumns, higherIsBetter } from '../../../src/core/batchReport';
import { CELL_KEYWORDS, completionContext, formatCellErrors, parseCell } from '../../../src/core/cellLanguage';
import {
  CHANNEL_MODES, COLORMAPS, DEFAULT_RECIPE, LPIPS_BACKEND_SETTINGS, METRICS, METRIC_COLUMNS, METRIC_COLUMN_KEYS, METRIC_NAMES, METRIC_WORDS, RECIPE_OPTIONS,
  SSIM_VARIANTS, isRecipe, metricByName, parseMetricList, parseRecipe, parseRecipeOption,
} from '../../../src/core/registry';
import { REPO_ROOT } from '../../helpers/paths';

interface SchemaProperty {
  readonly type?: string;
  readonly enum?: readonly string[];
  readonly enumDescriptions?: readonly string[];
  readonly items?: { readonly enum?: readonly string[] };
  readonly default?: unknown;
}
const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as {
  contributes: { configuration: { properties: Record<string, SchemaProperty> } };
};
const schema = (key: string): SchemaProperty => {
  const p = pkg.contributes.configuration.properties[`imageSimilarity.${key}`];
  assert.ok(p, `package.json declares imageSimilarity.${key}`);
  return p;
};

describe('the metric registry', () => {
  it('declares each metric once, with unique names, aliases and columns', () => {
    assert.deepEqual([...METRIC_NAMES], ['psnr', 'ssim', 'msssim', 'lpips']);
    assert.equal(new Set(METRIC_WORDS).size, METRIC_WORDS.length, 'no word names two metrics');
    assert.deepEqual([...METRIC_COLUMN_KEYS], ['mse', 'psnr', 'ssim', 'msssim', 'lpips'], 'the CSV order of the contract');
    for (const m of METRICS) {
      assert.ok(m.title && m.description && m.reference, m.id);
      assert.ok(m.columns.includes(m.id), `${m.id} writes its own column`);
      assert.equal(metricByName(m.id.toUpperCase()), m.id);
      for (const alias of m.aliases) assert.equal(metricByName(alias), m.id);
    }
    assert.deepEqual(parseMetricList(['MSE', 'ms-ssim', 'psim']), { metrics: ['psnr', 'msssim'], unknown: ['psim'] });
  });

  it('one check per recipe option, whatever wrote the value', () => {
    for (const v of SSIM_VARIANTS) assert.deepEqual(parseRecipeOption('ssimVariant', v), { ok: true, value: v });
    assert.deepEqual(parseRecipeOption('channel', 'Y-MATLAB'), { ok: true, value: 'y-matlab' });
    assert.equal(parseRecipeOption('channel', 'lab').ok, false);
    assert.equal(parseRecipeOption('ssimVariant', 3).ok, false);
    assert.deepEqual(parseRecipeOption('cropBorder', '4'), { ok: true, value: 4 });
    assert.deepEqual(parseRecipeOption('cropBorder', 4), { ok: true, value: 4 });
    for (const bad of ['-1', '1.5', '', 'x', -1, 1.5, Number.NaN]) assert.equal(parseRecipeOption('cropBorder', bad).ok, false, String(bad));
    assert.deepEqual(parseRecipeOption('dataRange', '1'), { ok: true, value: 1 });
    for (const bad of ['0', '-2', 'inf', '', 0, Infinity]) assert.equal(parseRecipeOption('dataRange', bad).ok, false, String(bad));
    const message = (parseRecipeOption('ssimVariant', 'gauss') as { message: string }).message;
    assert.equal(message, 'expected one of wang2004, skimage, matlab, got "gauss"');
    assert.deepEqual(parseRecipe({ ssimVariant: 'matlab', channel: 'nope' }), {
      recipe: { ...DEFAULT_RECIPE, ssimVariant: 'matlab' },
      errors: [{ key: 'channel', message: 'expected one of rgb, y, y-matlab, gray, got "nope"' }],
    });
    assert.ok(isRecipe(DEFAULT_RECIPE));
    assert.ok(isRecipe({ ...DEFAULT_RECIPE, dataRange: 1 }));
    assert.ok(!isRecipe({ ...DEFAULT_RECIPE, cropBorder: '2' }));
    assert.ok(!isRecipe({ ...DEFAULT_RECIPE, channel: 'Y' }), 'a message must carry the canonical value');
  });

  it('the CLI: --help names every metric and every option value, and parsing accepts exactly those', () => {
    const metricsLine = USAGE.split('\n').find((l) => l.trimStart().startsWith('--metrics')) ?? '';
    assert.ok(metricsLine.includes(METRIC_NAMES.join(',')), metricsLine);
    for (const option of RECIPE_OPTIONS) {
      const line = USAGE.split('\n').find((l) => l.trimStart().startsWith(option.cli)) ?? '';
      assert.ok(line, `--help has a line for ${option.cli}`);
      for (const choice of option.choices ?? []) {
        assert.ok(line.includes(choice.value), `${option.cli} lists ${choice.value}: ${line}`);
        const args = parseArgs(['compare', 'a.png', 'b.png', option.cli, choice.value]);
        assert.equal(args[option.key as 'ssimVariant' | 'channel'], choice.value);
      }
      if (option.default !== undefined) assert.ok(line.includes('default'), `${option.cli} states its default: ${line}`);
      assert.throws(() => parseArgs(['compare', 'a.png', 'b.png', option.cli, 'nonsense']), (e: Error) => e instanceof UsageError && e.message.startsWith(`${option.cli}: expected`));
    }
    for (const word of METRIC_WORDS) assert.deepEqual(parseArgs(['compare', 'a.png', 'b.png', '--metrics', word]).metrics, [metricByName(word)]);
    assert.throws(() => parseArgs(['compare', 'a.png', 'b.png', '--metrics', 'psnr,vif']), /unknown metric "vif"; choose from psnr, ssim, msssim, lpips/);
    for (const column of METRIC_COLUMN_KEYS) {
      assert.ok(USAGE.includes(column), `--fail-if names ${column}`);
      assert.doesNotThrow(() => parseArgs(['compare', 'a.png', 'b.png', '--metrics', METRIC_NAMES.join(','), '--fail-if', `${column}>0`]));
    }
  });

  it('the settings schema in package.json lists exactly the registry\'s metrics, options, defaults and descriptions', () => {
    assert.deepEqual(schema('metrics').items?.enum, METRIC_NAMES);
    assert.deepEqual(schema('batch.metrics').items?.enum, METRIC_NAMES);
    for (const option of RECIPE_OPTIONS) {
      if (!option.setting) continue;
      const p = schema(option.setting);
      assert.equal(p.default, option.default, `${option.setting} default`);
      if (option.kind === 'enum') {
        assert.deepEqual(p.enum, (option.choices ?? []).map((c) => c.value), `${option.setting} values`);
        assert.deepEqual(p.enumDescriptions, (option.choices ?? []).map((c) => c.description), `${option.setting} descriptions`);
      } else {
        assert.equal(p.type, 'integer', option.setting);
      }
    }
    assert.deepEqual(schema('lpips.backend').enum, LPIPS_BACKEND_SETTINGS);
    assert.deepEqual(schema('heatmap.colormap').enum, COLORMAPS);
    assert.deepEqual([SSIM_VARIANTS, CHANNEL_MODES].map((l) => l.length), [3, 4]);
  });

  it('the cell language: every metric word and option value parses, its keywords are the options\' and completion offers them', () => {
    for (const option of RECIPE_OPTIONS) assert.ok(CELL_KEYWORDS.includes(option.cell), `cells know "${option.cell}"`);
    for (const word of METRIC_WORDS) {
      const r = parseCell(`compare a.png with b.png\nmetrics ${word}`);
      assert.ok(r.ok, r.ok ? '' : formatCellErrors(r.errors));
      assert.deepEqual(r.cell.metrics, [metricByName(word)]);
    }
    for (const option of RECIPE_OPTIONS) {
      for (const choice of option.choices ?? []) {
        const r = parseCell(`compare a.png with b.png\n${option.cell} ${choice.value}`);
        assert.ok(r.ok && r.cell.recipe[option.key] === choice.value, `${option.cell} ${choice.value}`);
      }
    }
    assert.equal(completionContext('metrics ps', 10).kind, 'metric');
    assert.equal(completionContext('ssim w', 6).kind, 'ssimVariant');
    assert.equal(completionContext('channel ', 8).kind, 'channel');
  });

  it('the batch exports: the CSV header, titles and directions come from the registry', () => {
    const header = batchCsv([], computedColumns(METRIC_NAMES)).split('\n')[0];
    assert.equal(header, ['a', 'b', 'width', 'height', ...METRIC_COLUMN_KEYS, 'error'].join(','));
    assert.deepEqual(computedColumns(['ssim', 'psnr']), ['mse', 'psnr', 'ssim']);
    for (const c of METRIC_COLUMNS) {
      assert.equal(COLUMN_TITLES[c.key], c.title);
      assert.equal(higherIsBetter(c.key), c.higherIsBetter);
    }
    assert.deepEqual(METRIC_COLUMNS.filter((c) => !c.higherIsBetter).map((c) => c.key), ['mse', 'lpips']);
  });
});
