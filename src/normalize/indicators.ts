/**
 * Every fact key of every statistics format, with the printed labels it is read from.
 *
 * This is the runtime copy of the shared spec `indicators.tsv` (the spec folder is not shipped);
 * test/unit/normalize/indicators.test.ts compares the two so they cannot drift. The definitions
 * are structured (rows × columns, with the heading a label sits under) because that is what
 * the table mappers match against; `INDICATORS` flattens them into the spec's shape.
 */
import type { ReportFormat } from '../record/schema.js';

export type StatsFormat = Exclude<ReportFormat, 'none'>;

/**
 * A printed label: its alternative wordings ("社会公益组织" | "社会组织"), and the headings it
 * sits under when the wording alone is ambiguous (gov2014 has "（二）被依法纠错数" under both
 * 四、行政复议数量 and 五、行政诉讼数量).
 */
export interface LabelSpec {
  text: readonly string[];
  context?: readonly string[];
}

export interface LabelDef extends LabelSpec {
  id: string;
}

/** A single-column row (gov2014, fujian): the id is the fact key. */
export interface RowDef extends LabelDef {
  unit: string;
  /** Emit a fact only when a value is printed (a heading row that some agencies fill in). */
  onlyWhenPrinted?: boolean;
}

export interface Indicator {
  format: StatsFormat;
  key: string;
  unit: string;
  /** "row × column" in the spec's wording (first alternative of each). */
  label: string;
}

const def = (id: string, text: string | string[], context?: string | string[]): LabelDef => ({
  id,
  text: typeof text === 'string' ? [text] : text,
  ...(context === undefined ? {} : { context: typeof context === 'string' ? [context] : context }),
});

// ---------------------------------------------------------------------------------------------
// gov2019 / gov2021 table 3: 依申请公开 (rows × applicant columns), every cell in 件.

const RESULTS = '三、本年度办理结果';
const DENIED = '（三）不予公开';
const UNABLE = '（四）无法提供';
const REJECTED = '（五）不予处理';
const OTHER = '（六）其他处理';

export const REQUEST_COLUMNS: readonly LabelDef[] = [
  def('natural', '自然人'),
  def('commercial', '商业企业', '法人或其他组织'),
  def('research', '科研机构', '法人或其他组织'),
  def('nonprofit', ['社会公益组织', '社会组织'], '法人或其他组织'),
  def('legal', '法律服务机构', '法人或其他组织'),
  def('other_org', '其他', '法人或其他组织'),
  def('total', '总计'),
];

const REQUEST_ROWS_BEFORE_OTHER: readonly LabelDef[] = [
  def('new', '一、本年新收政府信息公开申请数量'),
  def('carried_in', '二、上年结转政府信息公开申请数量'),
  def('granted', '（一）予以公开', RESULTS),
  def('partial', '（二）部分公开（区分处理的，只计这一情形，不计其他情形）', RESULTS),
  def('denied.state_secret', '1.属于国家秘密', DENIED),
  def('denied.law_prohibited', '2.其他法律行政法规禁止公开', DENIED),
  def('denied.security', '3.危及“三安全一稳定”', DENIED),
  def('denied.third_party', '4.保护第三方合法权益', DENIED),
  def('denied.internal', '5.属于三类内部事务信息', DENIED),
  def('denied.process', '6.属于四类过程性信息', DENIED),
  def('denied.enforcement_file', '7.属于行政执法案卷', DENIED),
  def('denied.query', '8.属于行政查询事项', DENIED),
  def('unable.not_held', '1.本机关不掌握相关政府信息', UNABLE),
  def('unable.needs_creation', '2.没有现成信息需要另行制作', UNABLE),
  def('unable.unclear', '3.补正后申请内容仍不明确', UNABLE),
  def('rejected.petition', '1.信访举报投诉类申请', REJECTED),
  def('rejected.duplicate', '2.重复申请', REJECTED),
  def('rejected.publication', '3.要求提供公开出版物', REJECTED),
  def('rejected.excessive', '4.无正当理由大量反复申请', REJECTED),
  def('rejected.reconfirm', '5.要求行政机关确认或重新出具已获取信息', REJECTED),
];

const REQUEST_ROWS_AFTER_OTHER: readonly LabelDef[] = [
  def('total', '（七）总计', RESULTS),
  def('carried_out', '四、结转下年度继续办理'),
];

export type GovFormat = 'gov2019' | 'gov2021';

export const REQUEST_ROWS: Readonly<Record<GovFormat, readonly LabelDef[]>> = {
  // gov2019 prints （六）其他处理 as one row
  gov2019: [...REQUEST_ROWS_BEFORE_OTHER, def('other', OTHER, RESULTS), ...REQUEST_ROWS_AFTER_OTHER],
  // gov2021 splits it into three
  gov2021: [
    ...REQUEST_ROWS_BEFORE_OTHER,
    def('other.no_correction', '1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请', OTHER),
    def('other.fee_unpaid', '2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请', OTHER),
    def('other.other', '3.其他', OTHER),
    ...REQUEST_ROWS_AFTER_OTHER,
  ],
};

/** The rows whose sum is （七）总计 (the column identity), per format. */
export function resultRowIds(format: GovFormat): string[] {
  return REQUEST_ROWS[format].map((r) => r.id).filter((id) => !['new', 'carried_in', 'total', 'carried_out'].includes(id));
}

// ---------------------------------------------------------------------------------------------
// gov2019 / gov2021 table 4: 行政复议 and 行政诉讼 (one value row, 15 columns), in 件.

const OUTCOMES = [
  ['upheld', '结果维持'],
  ['corrected', '结果纠正'],
  ['other', '其他结果'],
  ['pending', '尚未审结'],
  ['total', '总计'],
] as const;

export const REVIEW_COLUMNS: readonly LabelDef[] = [
  ...OUTCOMES.map(([id, text]) => def(`review.${id}`, text, '行政复议')),
  ...OUTCOMES.map(([id, text]) => def(`litigation.direct.${id}`, text, ['未经复议直接起诉', '行政诉讼'])),
  ...OUTCOMES.map(([id, text]) => def(`litigation.after_review.${id}`, text, ['复议后起诉', '行政诉讼'])),
];

// ---------------------------------------------------------------------------------------------
// gov2019 / gov2021 table 2: 第二十条 (information items × measures).

export interface Art20Cell {
  key: string;
  row: string;
  column: string;
  unit: string;
}

export interface Art20Defs {
  rows: readonly LabelDef[];
  columns: readonly LabelDef[];
  cells: readonly Art20Cell[];
}

const ART20_ROWS: readonly LabelDef[] = [
  def('rules', '规章'),
  def('normative', ['行政规范性文件', '规范性文件']),
  def('licensing', '行政许可'),
  def('other_services', '其他对外管理服务事项'),
  def('penalty', '行政处罚'),
  def('coercion', '行政强制'),
  def('fees', '行政事业性收费'),
  def('procurement', '政府集中采购'),
];

const ART20_GROUP: Readonly<Record<string, string>> = {
  rules: 'art20_1',
  normative: 'art20_1',
  licensing: 'art20_5',
  other_services: 'art20_5',
  penalty: 'art20_6',
  coercion: 'art20_6',
  fees: 'art20_8',
  procurement: 'art20_9',
};

function art20Cells(list: [row: string, column: string, unit: string][]): Art20Cell[] {
  return list.map(([row, column, unit]) => ({ key: `${ART20_GROUP[row]}.${row}.${column}`, row, column, unit }));
}

export const ART20: Readonly<Record<GovFormat, Art20Defs>> = {
  gov2021: {
    // the 2021 form has no 其他对外管理服务事项 row
    rows: ART20_ROWS.filter((r) => r.id !== 'other_services'),
    columns: [
      def('issued', '本年制发件数'),
      def('repealed', '本年废止件数'),
      def('in_force', '现行有效件数'),
      def('decisions', '本年处理决定数量'),
      def('amount', '本年收费金额'),
    ],
    cells: art20Cells([
      ['rules', 'issued', '件'],
      ['rules', 'repealed', '件'],
      ['rules', 'in_force', '件'],
      ['normative', 'issued', '件'],
      ['normative', 'repealed', '件'],
      ['normative', 'in_force', '件'],
      ['licensing', 'decisions', '件'],
      ['penalty', 'decisions', '件'],
      ['coercion', 'decisions', '件'],
      ['fees', 'amount', '万元'],
    ]),
  },
  gov2019: {
    rows: ART20_ROWS,
    columns: [
      def('made', '本年新制作数量'),
      def('published', '本年新公开数量'),
      def('public_total', '对外公开总数量'),
      def('prev_items', '上一年项目数量'),
      def('change', '本年增/减'),
      def('decisions', '处理决定数量'),
      def('items', '采购项目数量'),
      def('amount', '采购总金额'),
    ],
    cells: art20Cells([
      ['rules', 'made', '件'],
      ['rules', 'published', '件'],
      ['rules', 'public_total', '件'],
      ['normative', 'made', '件'],
      ['normative', 'published', '件'],
      ['normative', 'public_total', '件'],
      ...(['licensing', 'other_services', 'penalty', 'coercion'] as const).flatMap((row): [string, string, string][] => [
        [row, 'prev_items', '项'],
        [row, 'change', '项'],
        [row, 'decisions', '件'],
      ]),
      ['fees', 'prev_items', '项'],
      ['fees', 'change', '项'],
      ['procurement', 'items', '项'],
      ['procurement', 'amount', '万元'],
    ]),
  },
};

// ---------------------------------------------------------------------------------------------
// gov2014: one value column, hierarchical rows.

const row = (id: string, unit: string, text: string | string[], context?: string | string[]): RowDef => ({
  ...def(id, text, context),
  unit,
});

const S1 = '一、主动公开情况';
const S2 = '二、回应解读情况';
const S3 = '三、依申请公开情况';
const S4 = '四、行政复议数量';
const S5 = '五、行政诉讼数量';
const S8 = '八、机构建设和保障经费情况';
const S9 = '九、政府信息公开会议和培训情况';

export const GOV2014_ROWS: readonly RowDef[] = [
  row('proactive.total', '条', '（一）主动公开政府信息数（不同渠道和方式公开相同信息计1条）', S1),
  row('proactive.normative', '条', '其中：主动公开规范性文件数', S1),
  row('proactive.normative_issued', '件', '制发规范性文件总数', S1),
  { ...row('proactive.channels.total', '条', '（二）通过不同渠道和方式公开政府信息的情况', S1), onlyWhenPrinted: true },
  row('proactive.channels.gazette', '条', '1.政府公报公开政府信息数', S1),
  row('proactive.channels.website', '条', '2.政府网站公开政府信息数', S1),
  row('proactive.channels.weibo', '条', '3.政务微博公开政府信息数', S1),
  row('proactive.channels.wechat', '条', '4.政务微信公开政府信息数', S1),
  row('proactive.channels.other', '条', '5.其他方式公开政府信息数', S1),
  row('response.hotspots', '次', '（一）回应公众关注热点或重大舆情数（不同方式回应同一热点或舆情计1次）', S2),
  row('response.press_conferences', '次', '1.参加或举办新闻发布会总次数', S2),
  row('response.press_conferences_head', '次', '其中：主要负责同志参加新闻发布会次数', S2),
  row('response.online_interviews', '次', '2.政府网站在线访谈次数', S2),
  row('response.online_interviews_head', '次', '其中：主要负责同志参加政府网站在线访谈次数', S2),
  row('response.interpretations', '篇', '3.政策解读稿件发布数', S2),
  row('response.weibo_wechat', '次', '4.微博微信回应事件数', S2),
  row('response.other', '次', '5.其他方式回应事件数', S2),
  row('requests.received', '件', '（一）收到申请数', S3),
  row('requests.received.in_person', '件', '1.当面申请数', S3),
  row('requests.received.fax', '件', '2.传真申请数', S3),
  row('requests.received.online', '件', '3.网络申请数', S3),
  row('requests.received.letter', '件', '4.信函申请数', S3),
  row('requests.closed', '件', '（二）申请办结数', S3),
  row('requests.closed.on_time', '件', '1.按时办结数', S3),
  row('requests.closed.extended', '件', '2.延期办结数', S3),
  row('requests.replied', '件', '（三）申请答复数', S3),
  row('requests.replied.already_public', '件', '1.属于已主动公开范围数', S3),
  row('requests.replied.granted', '件', '2.同意公开答复数', S3),
  row('requests.replied.partial', '件', '3.同意部分公开答复数', S3),
  row('requests.replied.denied', '件', '4.不同意公开答复数', S3),
  row('requests.replied.denied.state_secret', '件', '其中：涉及国家秘密', S3),
  row('requests.replied.denied.commercial_secret', '件', '涉及商业秘密', S3),
  row('requests.replied.denied.privacy', '件', '涉及个人隐私', S3),
  row('requests.replied.denied.security', '件', '危及国家安全、公共安全、经济安全和社会稳定', S3),
  row('requests.replied.denied.not_gov_info', '件', '不是《条例》所指政府信息', S3),
  row('requests.replied.denied.other_law', '件', '法律法规规定的其他情形', S3),
  row('requests.replied.not_this_agency', '件', '5.不属于本行政机关公开数', S3),
  row('requests.replied.not_exist', '件', '6.申请信息不存在数', S3),
  row('requests.replied.correction', '件', '7.告知作出更改补充数', S3),
  row('requests.replied.other_channel', '件', '8.告知通过其他途径办理数', S3),
  row('review.total', '件', S4),
  row('review.upheld', '件', '（一）维持具体行政行为数', S4),
  row('review.corrected', '件', '（二）被依法纠错数', S4),
  row('review.other', '件', '（三）其他情形数', S4),
  row('litigation.total', '件', S5),
  row('litigation.upheld', '件', '（一）维持具体行政行为或者驳回原告诉讼请求数', S5),
  row('litigation.corrected', '件', '（二）被依法纠错数', S5),
  row('litigation.other', '件', '（三）其他情形数', S5),
  row('complaints', '件', '六、举报投诉数量'),
  row('fees', '万元', '七、依申请公开信息收取的费用'),
  row('org.units', '个', '（一）政府信息公开工作专门机构数', S8),
  row('org.reading_points', '个', '（二）设置政府信息公开查阅点数', S8),
  row('org.staff', '人', '（三）从事政府信息公开工作人员数', S8),
  row('org.staff.full_time', '人', '1.专职人员数（不包括政府公报及政府网站工作人员数）', S8),
  row('org.staff.part_time', '人', '2.兼职人员数', S8),
  row('org.budget', '万元', '（四）政府信息公开专项经费（不包括用于政府公报编辑管理及政府网站建设维护等方面的经费）', S8),
  row('training.meetings', '次', '（一）召开政府信息公开工作会议或专题会议数', S9),
  row('training.courses', '次', '（二）举办各类培训班数', S9),
  row('training.attendees', '人次', '（三）接受培训人员数', S9),
];

// ---------------------------------------------------------------------------------------------
// fujian: one row per measure, a year column (period 'year') and 历年累计 (period 'cumulative').

export const FUJIAN_ROWS: readonly RowDef[] = [
  row('proactive.total', '条', ['主动公开文件数', '主动公开信息数']),
  row('proactive.website', '条', '其中：1.政府网站公开数'),
  row('proactive.gazette', '条', '2.政府公报公开数'),
  row('requests.received', '条', '受理政府信息公开申请总数'),
  row('requests.received.in_person', '条', '其中：1.当面申请数'),
  row('requests.received.online', '条', ['2.网络申请数', '电子邮件申请数']),
  row('requests.received.letter_fax', '条', '3.信函、传真申请数'),
  row('requests.replied', '条', '对申请的答复总数'),
  row('requests.replied.granted', '条', '其中：1.同意公开答复数'),
  row('requests.replied.partial', '条', '2.同意部分公开答复数'),
  row('requests.replied.denied', '条', ['3.不予公开答复数', '否决公开答复数']),
  row('requests.replied.other', '条', '4.其他类型答复数'),
  row('complaints', '件', ['接受行政申诉、举报数', '行政申诉数']),
  row('review.total', '件', '行政复议数'),
  row('litigation.total', '件', '行政诉讼数'),
];

// ---------------------------------------------------------------------------------------------

const labelOf = (spec: LabelSpec): string => spec.text[0] ?? '';

function govIndicators(format: GovFormat): Indicator[] {
  const art20 = ART20[format];
  const art20Label = (id: string, list: readonly LabelDef[]) => labelOf(list.find((d) => d.id === id) ?? { text: [] });
  return [
    ...art20.cells.map((c) => ({
      format,
      key: c.key,
      unit: c.unit,
      label: `${art20Label(c.row, art20.rows)} × ${art20Label(c.column, art20.columns)}`,
    })),
    ...REQUEST_ROWS[format].flatMap((r) =>
      REQUEST_COLUMNS.map((c) => ({
        format,
        key: `requests.${r.id}.${c.id}`,
        unit: '件',
        label: `${labelOf(r)} × ${labelOf(c)}`,
      })),
    ),
    ...REVIEW_COLUMNS.map((c) => ({
      format,
      key: c.id,
      unit: '件',
      label: `${c.context?.at(-1) ?? ''} ${c.context?.[0] ?? ''} × ${labelOf(c)}`,
    })),
  ];
}

const singleColumn = (format: StatsFormat, rows: readonly RowDef[]): Indicator[] =>
  rows.map((r) => ({ format, key: r.id, unit: r.unit, label: labelOf(r) }));

/** Every indicator of every format, in the spec's shape. */
export const INDICATORS: readonly Indicator[] = [
  ...govIndicators('gov2021'),
  ...govIndicators('gov2019'),
  ...singleColumn('gov2014', GOV2014_ROWS),
  ...singleColumn('fujian', FUJIAN_ROWS),
];

const byFormat = new Map<StatsFormat, Map<string, Indicator>>();
for (const ind of INDICATORS) {
  const m = byFormat.get(ind.format) ?? new Map<string, Indicator>();
  m.set(ind.key, ind);
  byFormat.set(ind.format, m);
}

/** The indicators of one format by key (empty for 'none'). */
export function indicatorsOf(format: ReportFormat): ReadonlyMap<string, Indicator> {
  return format === 'none' ? new Map() : (byFormat.get(format) ?? new Map());
}
