// Bootstrap reduced to the rules Maillage's pages use (`make assets`, the Dockerfile).
// PurgeCSS keeps a selector when its class names appear anywhere in the content below:
// the templates, the scripts, and the Python code that sets classes on form widgets.
// The safelist holds what no file spells out whole: classes built from a prefix and a
// value in a template (`alert-{{ message.tags }}`, `text-bg-…`).
// tests/core/test_css.py fails when a class a template uses is missing from the result.
module.exports = {
  css: ["node_modules/bootstrap/dist/css/bootstrap.min.css"],
  content: [
    "templates/**/*.html",
    "static/js/**/*.js",
    "{accounts,core,diagnostics,events,network,reports,structures}/**/*.py",
  ],
  safelist: {
    standard: [/^alert-/, /^text-bg-/],
  },
  fontFace: true,
  keyframes: true,
  variables: true,
};
