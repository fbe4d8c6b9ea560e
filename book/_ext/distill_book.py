"""Small Sphinx fixes for the rendered book.

Jupyter Book 1.x registers sphinx-thebe's configuration script twice, which
makes every page throw "Identifier 'THEBE_JS_URL' has already been declared"
in the browser. This extension drops repeated inline scripts from each page,
and loads MathJax on every page (the navigation shows titles with math).
"""


def _dedupe_scripts(app, pagename, templatename, context, doctree):
    scripts = context.get("script_files")
    if not scripts:
        return
    seen, unique = set(), []
    for script in scripts:
        # Inline scripts have no file name (None or ""): compare their bodies.
        key = (
            getattr(script, "filename", script) or "",
            getattr(script, "attributes", {}).get("body", ""),
        )
        if key in seen:
            continue
        seen.add(key)
        unique.append(script)
    # In place: extensions that run later (MathJax) append to this same list.
    scripts[:] = unique


def setup(app):
    app.connect("html-page-context", _dedupe_scripts, priority=100)
    # Chapter titles in the navigation carry math: load MathJax on every page,
    # not only on pages whose body has equations.
    app.set_html_assets_policy("always")
    return {"parallel_read_safe": True, "parallel_write_safe": True}
