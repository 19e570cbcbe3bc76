/**
 * A self-contained API docs page (no CDN: it works offline): it fetches /api/openapi.json and lists
 * every operation with its access rule, parameters and schemas.
 */
export const docsPage = () => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Lieu API</title>
<style>
body{font:15px/1.5 system-ui,sans-serif;margin:0;color:#1d2433;background:#f6f7f9}
header{background:#1f4e79;color:#fff;padding:1rem 2rem}main{max-width:960px;margin:auto;padding:1rem 2rem}
details{background:#fff;border:1px solid #dde1e7;border-radius:8px;margin:.5rem 0;padding:.5rem 1rem}
summary{cursor:pointer}code{font:13px ui-monospace,monospace}.m{display:inline-block;min-width:4.5em;font-weight:700}
.get{color:#1a7f37}.post{color:#0550ae}.patch{color:#8250df}.delete{color:#cf222e}.put{color:#9a6700}
pre{background:#f0f2f5;padding:.5rem;overflow:auto;border-radius:6px}.tag{font-size:12px;background:#eef;padding:0 .4em;border-radius:4px}
</style></head><body><header><h1>Lieu API</h1><p>OpenAPI 3.1 document: <a style="color:#fff" href="/api/openapi.json">/api/openapi.json</a></p></header>
<main id="root">Loading…</main>
<script>
fetch('/api/openapi.json').then(r=>r.json()).then(doc=>{
  const esc=s=>String(s).replace(/[&<>"]/g,c=>({'&':'&amp;','<':'&lt;','>':'&gt;','"':'&quot;'}[c]));
  const root=document.getElementById('root');root.innerHTML='';
  for(const [path,ops] of Object.entries(doc.paths)) for(const [m,op] of Object.entries(ops)){
    const d=document.createElement('details');
    const body=op.requestBody?'<h4>Body</h4><pre>'+esc(JSON.stringify(op.requestBody.content['application/json'].schema,null,2))+'</pre>':'';
    const params=op.parameters?'<h4>Parameters</h4><pre>'+esc(JSON.stringify(op.parameters,null,2))+'</pre>':'';
    d.innerHTML='<summary><span class="m '+m+'">'+m.toUpperCase()+'</span> <code>'+esc(path)+'</code> — '+esc(op.summary)+' <span class="tag">'+esc(op['x-lieu-access'])+'</span></summary>'+params+body+'<h4>Responses</h4><pre>'+esc(JSON.stringify(op.responses,null,2))+'</pre>';
    root.appendChild(d);
  }
});
</script></body></html>`;
