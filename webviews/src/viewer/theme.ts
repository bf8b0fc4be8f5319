/**
 * Colours for canvas drawing, read from VS Code's theme variables (with fallbacks for the
 * standalone report) once per theme change; CSS handles everything drawn as DOM or SVG.
 * Invariant: canvas code takes colours only from a `Theme`.
 */

export interface Theme {
  background: string;
  foreground: string;
  muted: string;
  gridLine: string;
  rowAlt: string;
  selection: string;
  highlight: string;
  /** A visible outline around every bar in high-contrast themes, else null. */
  contrastBorder: string | null;
  fontFamily: string;
  kindColour(kind: string): string;
  /** Text colour readable on a bar of the kind. */
  kindText(kind: string): string;
}

/** Known kinds map to VS Code chart colours; others take the next palette entry. */
const KIND_VARIABLE: Record<string, [string, string]> = {
  matmul: ['--vscode-charts-blue', '#3b82f6'],
  transpose: ['--vscode-charts-purple', '#a855f7'],
  elementwise: ['--vscode-charts-green', '#22a06b'],
  activation: ['--vscode-charts-orange', '#e8810c'],
  reduce: ['--vscode-charts-yellow', '#c9a400'],
  dma: ['--vscode-charts-red', '#e5484d'],
};
const EXTRA_PALETTE = ['#14b8a6', '#d946ef', '#64748b', '#84cc16', '#0ea5e9', '#f43f5e', '#a16207'];

function cssVar(style: CSSStyleDeclaration, name: string, fallback: string): string {
  return style.getPropertyValue(name).trim() || fallback;
}

/** Relative luminance of a #rgb/#rrggbb/rgb() colour, 0..1 (0.5 when unparseable). */
export function luminance(colour: string): number {
  let r = 0; let g = 0; let b = 0;
  const hex = /^#([0-9a-f]{3}|[0-9a-f]{6})([0-9a-f]{2})?$/i.exec(colour);
  const rgb = /^rgba?\(\s*(\d+)[ ,]+(\d+)[ ,]+(\d+)/i.exec(colour);
  if (hex) {
    const h = hex[1]!.length === 3 ? hex[1]!.split('').map((c) => c + c).join('') : hex[1]!;
    [r, g, b] = [0, 2, 4].map((i) => parseInt(h.slice(i, i + 2), 16));
  } else if (rgb) {
    [r, g, b] = [Number(rgb[1]), Number(rgb[2]), Number(rgb[3])];
  } else {
    return 0.5;
  }
  const lin = (c: number): number => { const s = c / 255; return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4; };
  return 0.2126 * lin(r!) + 0.7152 * lin(g!) + 0.0722 * lin(b!);
}

export function readTheme(el: Element = document.body): Theme {
  const style = getComputedStyle(el);
  const highContrast = document.body.classList.contains('vscode-high-contrast') || document.body.classList.contains('vscode-high-contrast-light');
  const kindCache = new Map<string, string>();
  let extra = 0;
  const kindColour = (kind: string): string => {
    let c = kindCache.get(kind);
    if (!c) {
      const v = KIND_VARIABLE[kind];
      c = v ? cssVar(style, v[0], v[1]) : EXTRA_PALETTE[extra++ % EXTRA_PALETTE.length]!;
      kindCache.set(kind, c);
    }
    return c;
  };
  const foreground = cssVar(style, '--vscode-foreground', '#1f2328');
  return {
    background: cssVar(style, '--vscode-editor-background', '#ffffff'),
    foreground,
    muted: cssVar(style, '--vscode-descriptionForeground', '#59636e'),
    gridLine: cssVar(style, '--vscode-editorWidget-border', '#c8ccd0'),
    rowAlt: cssVar(style, '--nki-row-alt', 'rgba(128,128,128,0.07)'),
    selection: cssVar(style, '--vscode-focusBorder', '#0969da'),
    highlight: cssVar(style, '--vscode-editorWarning-foreground', '#bf8700'),
    contrastBorder: highContrast ? cssVar(style, '--vscode-contrastBorder', foreground) : null,
    fontFamily: cssVar(style, '--vscode-font-family', 'system-ui, sans-serif'),
    kindColour,
    kindText: (kind) => (luminance(kindColour(kind)) > 0.4 ? '#111111' : '#ffffff'),
  };
}

let cached: Theme | undefined;

/** The current theme, read on first use after each `invalidateTheme()`. */
export function theme(): Theme {
  cached ??= readTheme();
  return cached;
}

export function invalidateTheme(): void {
  cached = undefined;
}
