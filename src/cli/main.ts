/**
 * `imsim`: the command-line interface (docs/ARCHITECTURE.md, "CLI contract"). Results go to stdout,
 * notices and progress to stderr; errors are one line without a stack trace.
 * Exit codes: 0 success, 1 input problem, 2 usage error, 3 a --fail-if condition held.
 */
import { InputError } from '../core/errors';
import { initJpegTurboFromDisk, useNativeInflate } from '../decode/nodeWasm';
import { compareFiles, decodePair } from '../worker/compareFiles';
import { parseArgs, USAGE, UsageError, type CliArgs } from './args';
import { runBatch } from './batch';
import { EXIT, heldConditions, metricValues, readInput, settingsJson } from './common';
import type { CliLpips } from './lpips';
import { formatMetric } from './output';
import { versionText } from './versions';

async function loadLpipsLazily(): Promise<CliLpips> {
  const { loadLpips } = await import('./lpips');
  return loadLpips();
}

async function runCompare(args: CliArgs): Promise<number> {
  const [pathA, pathB] = args.paths as [string, string];
  const [bytesA, bytesB] = await Promise.all([readInput(pathA), readInput(pathB)]);
  initJpegTurboFromDisk();
  useNativeInflate();
  const options = {
    metrics: args.metrics,
    recipe: { ssimVariant: args.ssimVariant, channel: args.channel, cropBorder: args.cropBorder, dataRange: args.dataRange },
    strict: true,
  };
  let lpipsDistance: number | undefined;
  let lpipsInfo: { network: string; backend: string } | undefined;
  if (args.metrics.includes('lpips')) {
    const [decodedA, decodedB] = decodePair(bytesA.slice(), bytesB.slice(), pathA, pathB);
    const lpips = await loadLpipsLazily();
    try {
      const r = await lpips.run(decodedA.image, decodedB.image, args.cropBorder);
      lpipsDistance = r.distance;
      lpipsInfo = { network: r.network, backend: r.backend };
    } finally {
      await lpips.dispose();
    }
  }
  const result = compareFiles(bytesA, bytesB, pathA, pathB, options);
  const values = metricValues(result, lpipsDistance);
  for (const notice of result.notices) process.stderr.write(`imsim: notice: ${notice}\n`);
  if (args.json) {
    const json = {
      a: pathA,
      b: pathB,
      width: result.width,
      height: result.height,
      identical: result.identical,
      metrics: values,
      ...(result.psnrInfinite ? { psnrInfinite: true } : {}),
      notices: result.notices,
      settings: settingsJson(args, result.dataRange, result.decoder, lpipsInfo),
    };
    process.stdout.write(`${JSON.stringify(json, null, 2)}\n`);
  } else {
    const lines = [
      `A: ${pathA}`,
      `B: ${pathB}`,
      `size: ${result.width}×${result.height}${result.identical ? ' (identical pixels)' : ''}`,
    ];
    for (const [name, value] of Object.entries(values)) {
      lines.push(`${name.padEnd(7)} ${formatMetric(name, value as number | null, name === 'psnr' && result.psnrInfinite)}`);
    }
    lines.push(
      `recipe: SSIM ${args.ssimVariant}, channel ${args.channel}, crop ${args.cropBorder} px, data range ${result.dataRange}, decoder ${result.decoder}${lpipsInfo ? `, LPIPS ${lpipsInfo.network} on ${lpipsInfo.backend}` : ''}`,
    );
    process.stdout.write(`${lines.join('\n')}\n`);
  }
  const held = heldConditions(args.failIf, values, result.psnrInfinite);
  for (const c of held) process.stderr.write(`imsim: --fail-if condition held: ${c.text}\n`);
  return held.length > 0 ? EXIT.failIf : EXIT.ok;
}

/** Runs the CLI with argv (without node and script) and returns the exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  let args: CliArgs;
  try {
    args = parseArgs(argv);
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`imsim: ${error.message}\nRun "imsim --help" for usage.\n`);
      return EXIT.usage;
    }
    throw error;
  }
  try {
    switch (args.command) {
      case 'help':
        process.stdout.write(`${USAGE}\n`);
        return EXIT.ok;
      case 'version':
        process.stdout.write(`${versionText()}\n`);
        return EXIT.ok;
      case 'compare':
        return await runCompare(args);
      case 'batch':
        return await runBatch(args);
      default: {
        const never: never = args.command;
        throw new Error(`unknown command ${String(never)}`);
      }
    }
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`imsim: ${error.message}\nRun "imsim --help" for usage.\n`);
      return EXIT.usage;
    }
    if (error instanceof InputError) {
      process.stderr.write(`imsim: ${oneLine(error.message)}\n`);
      return EXIT.input;
    }
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`imsim: internal error: ${oneLine(message)} (please report it)\n`);
    if (process.env.IMSIM_DEBUG && error instanceof Error) process.stderr.write(`${error.stack ?? ''}\n`);
    return EXIT.input;
  }
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').trim();
}

// Writing to a closed pipe (`imsim ... | head`) is not an error worth a stack trace.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
});

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`imsim: internal error: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = EXIT.input;
    },
  );
}
