// The page's only stylesheet, inlined: no web fonts, no network. Mobile first (a 360–400 px
// phone), widening to a centred column; printable on A4 with colours kept.
export const STYLES = `
:root{--ink:#1d2430;--muted:#5b6573;--line:#e3e7ed;--bg:#f5f7fa;--card:#fff;--accent:#2f5d8a;
--mild:#2a9d8f;--moderate:#e09f3e;--severe:#c8414f;--emg:#2f5d8a;--radius:12px}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%;text-size-adjust:100%}
body{margin:0;background:var(--bg);color:var(--ink);font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;overflow-wrap:break-word}
main{max-width:880px;margin:0 auto;padding:16px 12px 40px}
h1{font-size:1.5rem;line-height:1.2;margin:8px 0 4px}
h2{font-size:1.25rem;margin:0 0 8px}
h3{font-size:1.1rem;margin:20px 0 8px}
h4{font-size:1rem;margin:16px 0 6px}
h5{font-size:.8rem;text-transform:uppercase;letter-spacing:.05em;color:var(--muted);margin:14px 0 6px}
p{margin:6px 0}
a{color:var(--accent)}
.sub{color:var(--muted);margin:0 0 16px;font-size:.95rem}
.small,small{font-size:.85rem;color:var(--muted)}
.card,.night,.doctor,.range{background:var(--card);border-radius:var(--radius);box-shadow:0 1px 3px rgba(20,30,50,.08);padding:16px;margin:0 0 16px}
.night>header h2{margin-bottom:2px}
.night>header p{color:var(--muted);margin:0 0 8px;font-size:.95rem}
.badge{display:inline-block;border-radius:999px;padding:1px 10px;font-size:.8rem;font-weight:600;color:#fff;background:var(--muted);white-space:nowrap}
.badge.sev-mild{background:var(--mild)}.badge.sev-moderate{background:var(--moderate)}.badge.sev-severe{background:var(--severe)}
.doctor.flag{border-left:6px solid var(--severe);background:#fff5f5}
.doctor.ok{border-left:6px solid var(--mild)}
.doctor h2{font-size:1.15rem}
.doctor ul{margin:6px 0;padding-left:20px}
.stats{display:grid;grid-template-columns:repeat(2,1fr);gap:6px;margin:4px 0 8px}
.stat{background:var(--bg);border-radius:10px;padding:8px 10px}
.stat span{display:block;font-size:.75rem;line-height:1.25;color:var(--muted)}
.stat b{font-size:1.1rem;line-height:1.3}
.stat.sev-mild b{color:var(--mild)}.stat.sev-moderate b{color:#b87708}.stat.sev-severe b{color:var(--severe)}
.posture-bar{display:flex;height:14px;border-radius:7px;overflow:hidden;background:var(--line)}
.posture-bar i{display:block;height:100%}
.legend{display:flex;flex-wrap:wrap;gap:4px 14px;font-size:.85rem;color:var(--muted);margin:6px 0 0}
.legend span{white-space:nowrap}
.legend i{display:inline-block;width:12px;height:12px;border-radius:3px;vertical-align:-1px;margin-right:5px}
.legend i.sw-cramp{background:rgba(200,65,79,.28);border:1px solid var(--severe)}
.chips{list-style:none;padding:0;margin:4px 0;display:flex;flex-wrap:wrap;gap:6px}
.chips li{background:#eef3f9;border-radius:999px;padding:3px 12px;font-size:.9rem}
.advice{margin:4px 0;padding-left:20px}
.advice li{margin:3px 0}
.none,.weak{color:var(--muted);font-size:.9rem}
.timeline{margin:8px 0 4px;overflow:hidden}
.tl-marks{position:relative;height:26px}
.tl-mark{position:absolute;top:2px;transform:translateX(-50%);min-width:22px;height:22px;border-radius:11px;padding:0 4px;font-size:.8rem;font-weight:700;line-height:22px;text-align:center;color:#fff;text-decoration:none;background:var(--severe)}
.tl-mark.sev-mild{background:var(--mild)}.tl-mark.sev-moderate{background:var(--moderate)}
.tl-body{position:relative;border-left:1px solid var(--line);border-right:1px solid var(--line)}
.lane{position:relative;padding-top:2px}
.lane-label{font-size:.78rem;color:var(--muted);line-height:1.25;padding:2px 4px 1px}
.lane-label b{color:var(--ink);font-weight:600}
.plot{display:block;width:100%;background:#fafbfc}
.plot.h-band{height:14px}.plot.h-emg{height:64px}.plot.h-ankle{height:44px}.plot.h-ticks{height:18px}
.plot .env{fill:rgba(47,93,138,.55);stroke:var(--emg);stroke-width:1;vector-effect:non-scaling-stroke}
.plot .ankle{fill:none;stroke:#6a4c93;stroke-width:1.5;vector-effect:non-scaling-stroke}
.plot .knee{fill:none;stroke:#1d7874;stroke-width:1.5;vector-effect:non-scaling-stroke}
.plot .ref{stroke:#c9ced6;stroke-width:1;vector-effect:non-scaling-stroke}
.plot .ref.dashed{stroke-dasharray:4 3}
.plot .lm{stroke:#7a8594;stroke-width:1;vector-effect:non-scaling-stroke}
.plot .lm.periodic{stroke:#6a4c93}
.plot .trouble.loose{fill:#9aa1ab}.plot .trouble.hum{fill:#9b7fd1}
.tl-cramp{position:absolute;top:0;bottom:0;min-width:6px;background:rgba(200,65,79,.22);border-left:1px solid var(--severe);border-right:1px solid var(--severe);pointer-events:none}
.tl-cramp.sev-mild{background:rgba(42,157,143,.22);border-color:var(--mild)}
.tl-cramp.sev-moderate{background:rgba(224,159,62,.25);border-color:var(--moderate)}
.tl-axis{position:relative;height:22px;font-size:.78rem;color:var(--muted)}
.tick{position:absolute;top:3px;transform:translateX(-50%);white-space:nowrap}
.tick::before{content:"";position:absolute;left:50%;top:-4px;height:4px;border-left:1px solid var(--muted)}
.tick.first{transform:none}.tick.first::before{left:0}
.tick.last{transform:translateX(-100%)}.tick.last::before{left:100%}
.cramps{display:grid;grid-template-columns:1fr;gap:12px}
.cramp{border:1px solid var(--line);border-left:6px solid var(--severe);border-radius:10px;padding:12px;scroll-margin-top:12px}
.cramp.sev-mild{border-left-color:var(--mild)}.cramp.sev-moderate{border-left-color:var(--moderate)}
.cramp header{display:flex;align-items:center;gap:10px;flex-wrap:wrap}
.cramp h4{margin:0;flex:1 1 auto;font-size:1.1rem}
.cramp .num{display:inline-block;min-width:26px;height:26px;border-radius:13px;background:var(--ink);color:#fff;text-align:center;font-weight:700;line-height:26px;font-size:.9rem}
.cramp dl{margin:10px 0 0}
.cramp dl div{display:flex;gap:10px;padding:3px 0;border-bottom:1px dashed var(--line)}
.cramp dl div:last-child{border-bottom:0}
.cramp dt{flex:0 0 4.6em;font-size:.85rem;line-height:1.5rem;color:var(--muted)}
.cramp dd{margin:0;min-width:0}
.causes{list-style:none;padding:0;margin:0}
.causes>li{margin:0 0 10px}
.cause-head{display:flex;justify-content:space-between;gap:8px;flex-wrap:wrap}
.conf{color:var(--muted);font-size:.88rem}
.bar{height:6px;border-radius:3px;background:var(--line);margin:3px 0 4px}
.bar i{display:block;height:100%;border-radius:3px;background:var(--accent)}
.evidence{margin:2px 0 0;padding-left:20px;font-size:.95rem}
.range .bars{display:flex;align-items:flex-end;gap:4px;height:120px;padding:0 0 4px;border-bottom:1px solid var(--line);margin-bottom:10px}
.bar-col{flex:1 1 0;min-width:0;height:100%;display:flex;flex-direction:column;justify-content:flex-end;align-items:center;font-size:.75rem;color:var(--muted)}
.bar-col i{display:block;width:100%;max-width:36px;background:var(--accent);border-radius:4px 4px 0 0;min-height:1px}
.bar-col i.sev-mild{background:var(--mild)}.bar-col i.sev-moderate{background:var(--moderate)}.bar-col i.sev-severe{background:var(--severe)}
.table-wrap{overflow-x:auto}
table{border-collapse:collapse;width:100%;font-size:.92rem}
th,td{text-align:left;padding:6px 8px;border-bottom:1px solid var(--line);vertical-align:top}
th{font-size:.78rem;color:var(--muted);font-weight:600}
td.num{text-align:right}
td,th{white-space:nowrap}td.causes-cell{white-space:normal}
@media (max-width:560px){
.nights thead{display:none}
.nights,.nights tbody,.nights tr{display:block}
.nights tr{display:flex;flex-wrap:wrap;align-items:baseline;gap:2px 12px;padding:8px 0;border-bottom:1px solid var(--line)}
.nights td{display:block;border:0;padding:0}
.nights td.night-cell{flex:1 0 100%;font-weight:600}
.nights td[data-label]::before{content:attr(data-label) ": ";color:var(--muted);font-size:.8rem}
.nights td.num{text-align:left}
.nights td.causes-cell{flex:1 0 100%}
}
footer{color:var(--muted);font-size:.85rem;margin-top:24px}
@media (min-width:700px){main{padding:24px 20px 48px}.stats{grid-template-columns:repeat(6,1fr)}.cramps{grid-template-columns:1fr 1fr}h1{font-size:1.8rem}}
@media print{
.stats{grid-template-columns:repeat(6,1fr)}
body{background:#fff;font-size:11pt}
main{max-width:none;padding:0}
.card,.night,.doctor,.range{box-shadow:none;border:1px solid #ccc;break-inside:avoid-page}
.night{break-inside:auto}
.cramp,.timeline,.summary{break-inside:avoid}
*{-webkit-print-color-adjust:exact;print-color-adjust:exact}
a{color:inherit;text-decoration:none}
}
`;
