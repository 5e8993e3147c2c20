/**
 * Markdown and HTML that try to run script, load something from elsewhere or take over the page.
 * Every script payload sets `window.__xss`; every loading payload points at evil.example (any
 * request there is a failure). Used by the preview's unit tests and by e2e/preview-xss.spec.ts.
 */
export const XSS_CORPUS: readonly string[] = [
  // Script and event handlers
  `<script>window.__xss = "script"</script>`,
  `<SCRIPT SRC=https://evil.example/x.js></SCRIPT>`,
  `<img src=x onerror="window.__xss='img onerror'">`,
  `<img src="/nonexistent.png" onerror="window.__xss='same-origin img onerror'">`,
  `<body onload="window.__xss='body onload'">`,
  `<details open ontoggle="window.__xss='ontoggle'"><summary>s</summary>d</details>`,
  `<input autofocus onfocus="window.__xss='onfocus'">`,
  `<div onmouseover="window.__xss='mouseover'" onclick="window.__xss='click'">hover</div>`,
  `<video><source onerror="window.__xss='source'"></video><audio src=x onerror="window.__xss='audio'"></audio>`,
  `<marquee onstart="window.__xss='marquee'">m</marquee>`,
  `<template><script>window.__xss='template'</script></template>`,
  // URLs
  `[md link](javascript:window.__xss='md-link')`,
  `<a href="javascript:window.__xss='a-href'">a</a>`,
  `<a href="JaVaScRiPt&colon;window.__xss='entity'">b</a>`,
  `<a href="&#106;avascript:window.__xss='numeric'">c</a>`,
  `<a href=" javascript:window.__xss='space'">d</a>`,
  `[data link](data:text/html;base64,PHNjcmlwdD5wYXJlbnQuX194c3M9MTwvc2NyaXB0Pg==)`,
  `<a href="data:text/html,<script>parent.__xss='data'</script>">e</a>`,
  `<a href="vbscript:msgbox(1)">f</a>`,
  `<a href="https://evil.example/" ping="https://evil.example/ping">external html</a>`,
  `[external](https://evil.example/ "a plain link to elsewhere")`,
  `<form action="https://evil.example/"><button formaction="javascript:window.__xss='formaction'">go</button></form>`,
  `<iframe src="https://evil.example/"></iframe><iframe srcdoc="<script>parent.__xss='srcdoc'</script>"></iframe>`,
  `<object data="https://evil.example/x.swf"></object><embed src="https://evil.example/x.swf">`,
  `<meta http-equiv="refresh" content="0;url=https://evil.example/">`,
  `<base href="https://evil.example/">`,
  `<link rel="stylesheet" href="https://evil.example/x.css"><link rel="prefetch" href="https://evil.example/p">`,
  // Images from elsewhere
  `![pixel](https://evil.example/pixel.png)`,
  `<img src="https://evil.example/a.png"><img src="//evil.example/b.png"><img src="/\\evil.example/c.png">`,
  `<img srcset="https://evil.example/d.png 1x"><picture><source srcset="https://evil.example/e.png"><img src="x.png"></picture>`,
  `<table background="https://evil.example/t.png"><tr><td background="https://evil.example/td.png">t</td></tr></table>`,
  `![data image](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9InBhcmVudC5fX3hzcz0xIi8+)`,
  // SVG and MathML
  `<svg onload="window.__xss='svg onload'"><circle r="10"/></svg>`,
  `<svg><script>window.__xss='svg script'</script></svg>`,
  `<svg><a xlink:href="javascript:window.__xss='svg a'"><text y="20">svg link</text></a></svg>`,
  `<svg><animate onbegin="window.__xss='animate'" attributeName="x" dur="1s"/></svg>`,
  `<svg><foreignObject><img src=x onerror="window.__xss='foreignObject'"></foreignObject></svg>`,
  `<svg><image href="https://evil.example/svg.png"/></svg>`,
  `<math><maction actiontype="statusline" xlink:href="javascript:window.__xss='math'">m</maction></math>`,
  `<math><mtext><table><mglyph><style><img src=x onerror="window.__xss='mglyph'"></style></mglyph></table></mtext></math>`,
  `<math><mi xlink:href="data:x,<script>parent.__xss='mi'</script>">mi</mi></math>`,
  // CSS
  `<style>@import url(https://evil.example/import.css); body { background: url(https://evil.example/bg.png) }</style>`,
  `<div style="background-image: url(https://evil.example/style.png)">styled</div>`,
  `<p style="position:fixed;inset:0;z-index:9999;background:red">overlay</p>`,
  `<div class="fixed inset-0 z-50 bg-rose-600">class overlay</div>`,
  // Parser confusion (mutation XSS)
  `<noscript><p title="</noscript><img src=x onerror=window.__xss='noscript'>"></noscript>`,
  `<textarea><img src=x onerror="window.__xss='textarea'"></textarea>`,
  `<!--<img src="--><img src=x onerror=window.__xss='comment'//">`,
  `<a title="a"><img src=x onerror="window.__xss='nested'"></a>`,
  "```html\n<script>window.__xss='fenced'</script>\n```",
  // DOM clobbering: a named element would become window.__xss
  `<a id="__xss">clobber</a><img name="__xss" src="/x.png"><form name="getElementById"></form>`,
];
