import { defineConfig, parseSync, Visitor, type Plugin } from 'vite';

/**
 * Lit templates (html`…`, css`…`) would ship the source's indentation: in their static text,
 * a line break and the spaces around it become the line break alone, which HTML and CSS read
 * as the same white space. Line numbers stay, so the source map still points at the line.
 * Only tagged `html` and `css` templates of the widgets' own code, found by the parser (never
 * a message, never code): about 2 % of the gzip budget of tests/unit/widget-bundle.test.ts.
 */
function templateIndentation(): Plugin {
  return {
    name: 'gps-template-indentation',
    enforce: 'pre',
    transform(code, id) {
      if (!/\/web-components\/src\/.*\.ts$/.test(id) || id.endsWith('.test.ts')) return undefined;
      const edits: { start: number; end: number; text: string }[] = [];
      new Visitor({
        TaggedTemplateExpression(node) {
          if (node.tag.type !== 'Identifier' || (node.tag.name !== 'html' && node.tag.name !== 'css')) return;
          for (const quasi of node.quasi.quasis) {
            // A part's span runs from its opening delimiter (` or }) to its closing one (${ or `).
            const start = quasi.start + 1;
            const end = quasi.end - (code.startsWith('${', quasi.end - 2) ? 2 : 1);
            const raw = code.slice(start, end);
            // The offsets must hold the raw text exactly, or the template is left as it is.
            if (raw !== quasi.value.raw) continue;
            const text = raw.replace(/[ \t]*(\n[ \t]*)+/g, (run) => '\n'.repeat(run.split('\n').length - 1));
            if (text !== raw) edits.push({ start, end, text });
          }
        },
      }).visit(parseSync(id, code, { lang: 'ts' }).program);
      let out = code;
      for (const edit of edits.sort((a, b) => b.start - a.start)) out = out.slice(0, edit.start) + edit.text + out.slice(edit.end);
      return edits.length ? { code: out, map: null } : undefined;
    },
  };
}

/** One ES module, Lit included, that a portal loads with one script tag. */
export default defineConfig({
  root: import.meta.dirname,
  plugins: [templateIndentation()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
    lib: { entry: 'src/index.ts', formats: ['es'], fileName: () => 'gps-widgets.js' },
    // Whitespace too: this file is served to browsers as is, not bundled again.
    rolldownOptions: { output: { codeSplitting: false, minify: true } },
  },
});
