export { parseQuarter, previousQuarter, quarterAt, quarterOf, type Quarter } from './quarter.js';
export { buildBoardReport, summarise, usd, type BoardAlert, type BoardInput, type BoardReport, type Compared } from './report.js';
export { renderBoardHtml } from './html.js';
export { esc, pairBars, rangeBars, timeChart, type TimeChartInput } from './svg.js';
export { alertsBetween, loginForms, rosterOf, type RosterSource } from './gather.js';
