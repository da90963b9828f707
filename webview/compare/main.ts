/**
 * The comparison panel's page: score cards with recipe lines, recipe controls, the views (side by
 * side, swipe, overlay, flicker, heatmap), pixel inspector, worst regions and the actions. It
 * decodes the encoded files itself (src/decode), gets the scores from the host (worker pool) and
 * runs LPIPS in a Web Worker (webview/lpips/lpipsClient.ts). UI state lives in getState/setState.
 *
 * This file only wires the modules: state.ts (the one state object), model.ts (its shape and pure
 * changes), layout.ts (the page's elements), stage.ts (views, drawing, zoom and pan), inspector.ts
 * (pointer interaction, pixel inspector, worst regions), cards.ts, sidePanel.ts (recipe controls,
 * status, errors, notices), actions.ts (buttons, keyboard), lpips.ts and messages.ts (the host).
 */
import { adoptStyles } from '../styles';
import { buildActions, buildHelp, installKeyboard } from './actions';
import { sideEl, stageEl } from './layout';
import { installLpipsLifecycle } from './lpips';
import { installHostMessages } from './messages';
import { buildRecipeControls, renderError, renderNotices } from './sidePanel';
import { buildStage, buildViewBar, buildViewOptions, resizeCanvases } from './stage';
import { post } from './state';
import { COMPARE_CSS } from './styles';

adoptStyles(document, COMPARE_CSS);
installKeyboard();
new ResizeObserver(() => resizeCanvases()).observe(stageEl);
installLpipsLifecycle();
installHostMessages();
buildActions();
buildRecipeControls();
buildViewBar();
buildViewOptions();
buildHelp();
buildStage();
renderError();
renderNotices();
sideEl.classList.add('hidden');
post({ type: 'ready' });
