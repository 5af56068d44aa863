// The words of an explanation, in English and in Simplified Chinese (the
// seed's language and terms: 通道, 卷积核, 步长, 填充, 偏置, 深度卷积). The
// numbers and the sums are the same in both; only the sentences around them
// change. A notebook's <notebook lang="zh-CN"> chooses the Chinese words.

export type Language = 'en' | 'zh-CN';

export function languageOf(lang: unknown): Language {
  return typeof lang === 'string' && /^zh\b/i.test(lang) ? 'zh-CN' : 'en';
}

export interface Words {
  /** Between a label and what it labels: ': ' or '：'. */
  colon: string;
  at(batch: number, row: number, col: number, channel: number): string;
  conv2d(filter: number, inChannels: number): string;
  depthwiseAlone(channel: number): string;
  depthwiseMultiplier(c: number, m: number, M: number): string;
  notSummed: string;
  pointwise(filter: number, inChannels: number, pixel: string): string;
  samePixel: string;
  inputPixel(iy: number, ix: number): string;
  separable(kh: number, kw: number, values: number): string;
  window(rows: string, cols: string, stride: string, dilation: string, padding: string): string;
  padding(rows: number[], cols: number[]): string;
  channel(c: number): string;
  channelMultiplier(c: number, m: number): string;
  depthwiseValue(k: number, c: number, m: number | null): string;
  more(n: number): string;
  mix(channel: number): string;
  separableMix(channel: number): string;
  paddedPixel: string;
  moreTerms(n: number): string;
  bias(channel: number, value: string): string;
  agrees(at: string): string;
  disagrees(actual: string, derived: string): string;
  hint: string;
  hintTooLarge: string;
  cannotExplain(message: string): string;
}

const en: Words = {
  colon: ': ',
  at: (b, r, c, ch) => `batch ${b}, row ${r}, col ${c}, channel ${ch}`,
  conv2d: (f, n) => `filter ${f} over all ${n} input channels, summed`,
  depthwiseAlone: (c) => `input channel ${c} alone`,
  depthwiseMultiplier: (c, m, M) => `input channel ${c}, multiplier ${m} (channel = c·${M} + m)`,
  notSummed: 'never summed across channels',
  pointwise: (f, n, pixel) => `filter ${f} weighs the ${n} channels of ${pixel}`,
  samePixel: 'the same pixel',
  inputPixel: (iy, ix) => `input pixel row ${iy}, col ${ix}`,
  separable: (kh, kw, n) => `a depthwise ${kh}×${kw} per channel, then a 1×1 mix of its ${n} values`,
  window: (rows, cols, stride, dilation, padding) => `window: input rows ${rows}, cols ${cols} (stride ${stride}, dilation ${dilation}${padding ? `; zero padding: ${padding}` : ''})`,
  padding: (rows, cols) => [rows.length ? `row${rows.length > 1 ? 's' : ''} ${rows.join(', ')}` : '', cols.length ? `col${cols.length > 1 ? 's' : ''} ${cols.join(', ')}` : ''].filter(Boolean).join(', '),
  channel: (c) => `channel ${c}`,
  channelMultiplier: (c, m) => `channel ${c}, multiplier ${m}`,
  depthwiseValue: (k, c, m) => `depthwise d${k} (channel ${c}${m === null ? '' : `, multiplier ${m}`})`,
  more: (n) => `… and ${n} more channels, each summed the same way`,
  mix: (f) => `1×1 mix into channel ${f}`,
  separableMix: (f) => `1×1 mix of the depthwise values into channel ${f}`,
  paddedPixel: '(a padded pixel: nothing to mix)',
  moreTerms: (n) => `… (${n} more)`,
  bias: (f, v) => `bias b[${f}] = ${v}`,
  agrees: (at) => `= ${at}, the value the op returned, exactly`,
  disagrees: (actual, derived) => `the tensor holds ${actual} where this derivation gives ${derived}: the engine added the same products in another order, and float32 rounds every addition`,
  hint: 'Hover a value to see how it was computed; click to keep it.',
  hintTooLarge: 'Hover a value to see how it was computed (too large to carry into an exported page).',
  cannotExplain: (message) => `cannot explain this value: ${message}`,
};

const zh: Words = {
  colon: '：',
  at: (b, r, c, ch) => `批次 ${b}，第 ${r} 行，第 ${c} 列，通道 ${ch}`,
  conv2d: (f, n) => `卷积核 ${f} 作用于全部 ${n} 个输入通道，再求和`,
  depthwiseAlone: (c) => `仅来自输入通道 ${c}`,
  depthwiseMultiplier: (c, m, M) => `输入通道 ${c}、乘数 ${m}（通道 = c·${M} + m）`,
  notSummed: '通道之间不求和',
  pointwise: (f, n, pixel) => `卷积核 ${f} 对${pixel}的 ${n} 个通道加权求和`,
  samePixel: '同一像素',
  inputPixel: (iy, ix) => `输入像素（第 ${iy} 行，第 ${ix} 列）`,
  separable: (kh, kw, n) => `每个通道先做 ${kh}×${kw} 深度卷积，再对这 ${n} 个值做 1×1 组合`,
  window: (rows, cols, stride, dilation, padding) => `窗口：输入第 ${rows} 行、第 ${cols} 列（步长 ${stride}，扩张率 ${dilation}${padding ? `；填充的 0：${padding}` : ''}）`,
  padding: (rows, cols) => [rows.length ? `第 ${rows.join('、')} 行` : '', cols.length ? `第 ${cols.join('、')} 列` : ''].filter(Boolean).join('，'),
  channel: (c) => `通道 ${c}`,
  channelMultiplier: (c, m) => `通道 ${c}，乘数 ${m}`,
  depthwiseValue: (k, c, m) => `深度卷积 d${k}（通道 ${c}${m === null ? '' : `，乘数 ${m}`}）`,
  more: (n) => `……另有 ${n} 个通道，求和方式相同`,
  mix: (f) => `1×1 组合为通道 ${f}`,
  separableMix: (f) => `把深度卷积的值 1×1 组合为通道 ${f}`,
  paddedPixel: '（填充的像素：没有可组合的值）',
  moreTerms: (n) => `……（另有 ${n} 项）`,
  bias: (f, v) => `偏置 b[${f}] = ${v}`,
  agrees: (at) => `= ${at}，与运算返回的值完全相同`,
  disagrees: (actual, derived) => `张量中的值是 ${actual}，这里推导出的是 ${derived}：引擎以另一种顺序累加同样的乘积，而 float32 每次加法都会舍入`,
  hint: '把鼠标移到某个值上，查看它的计算过程；点击可固定显示。',
  hintTooLarge: '把鼠标移到某个值上，查看它的计算过程（数据太大，导出的页面中不可用）。',
  cannotExplain: (message) => `无法解释这个值：${message}`,
};

export function wordsFor(language: Language | undefined): Words {
  return language === 'zh-CN' ? zh : en;
}
