/**
 * Activation: registers the commands and the panel serializer, nothing else. Metric code (the
 * worker pool) is imported on the first comparison; worker threads start then too.
 */
import * as vscode from 'vscode';
import { ComparePanelManager } from './comparePanel';
import { CompareCommands } from './commands';
import { MetricsPoolHolder } from './metricsPool';
import { registerBatch } from './batch';
import { registerNotebooks } from './notebook';

/** What `activate` returns: used by the integration tests to read a panel's results. */
export interface ImageSimilarityApi {
  readonly panels: ComparePanelManager;
}

/** Called on the first command or when VS Code restores a comparison panel. */
export function activate(context: vscode.ExtensionContext): ImageSimilarityApi {
  const pool = new MetricsPoolHolder(context.extensionPath);
  const version = String((context.extension.packageJSON as { version?: unknown }).version ?? '0.0.0');
  const panels = new ComparePanelManager({ extensionUri: context.extensionUri, version, pool });
  context.subscriptions.push(pool, panels, new CompareCommands(panels, pool));
  registerBatch(context, pool);
  registerNotebooks(context, pool);
  return { panels };
}

/** Everything is released through `context.subscriptions`. */
export function deactivate(): void {}
