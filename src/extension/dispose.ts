/**
 * The Disposable base every controller extends: `_register()` ties a child's lifetime to its owner,
 * and `isDisposed` lets async continuations stop after the owner is gone.
 */
import type * as vscode from 'vscode';

/** Something that can be released. */
export interface IDisposable {
  dispose(): void;
}

/** Disposes every item, continuing past failures, then rethrows the first failure. */
export function disposeAll(items: IDisposable[]): void {
  let first: unknown;
  while (items.length > 0) {
    const item = items.pop();
    try {
      item?.dispose();
    } catch (error) {
      first ??= error;
    }
  }
  if (first !== undefined) throw first;
}

/** Base class of objects that own other disposables. */
export abstract class Disposable implements vscode.Disposable {
  private _isDisposed = false;
  protected _disposables: IDisposable[] = [];

  /** True once `dispose()` ran: async work that finishes later must check it. */
  protected get isDisposed(): boolean {
    return this._isDisposed;
  }

  /** Releases everything registered, once. */
  public dispose(): void {
    if (this._isDisposed) return;
    this._isDisposed = true;
    disposeAll(this._disposables);
  }

  /** Registers `value` to be disposed with this object (immediately if already disposed). */
  protected _register<T extends IDisposable>(value: T): T {
    if (this._isDisposed) value.dispose();
    else this._disposables.push(value);
    return value;
  }
}
