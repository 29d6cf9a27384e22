//! Every user-visible string of the UI, in one place (zh-CN): constants, and functions that say
//! the app's typed values (save status, errors, notices) in words. The core's own messages
//! (diagnostics, its errors' `Display`) come from `report`; nothing else in `ui` or `app` holds
//! Chinese text (a tidy test enforces it).

use std::fmt::Write as _;

use crate::app::portal::{PortalWarning, TemplateProblem};
use crate::app::session::{Conflict, MemoryOnly, ReadOnly, SaveStatus, SessionError, Unsaved};
use crate::app::{Step, StepStatus};
use crate::report::library::{age_text, Entry, ImportPlan, ImportReport, ImportRow, OpenError, StoreError};
use crate::report::open::TemplateMissing;
use crate::report::outline::chinese_number;
use crate::report::storage::{format_bytes, DecodeError, SnapshotRecord};
use crate::report::length::{thousands, ItemHint, Size, CHARS_PER_LINE, LINES_PER_PAGE, READING_PACE};
use crate::report::template::LengthTarget;
use crate::report::yearly::Similar;
use crate::report::Template;

use super::adapters::clock::{self, Local};
use super::adapters::crypto::CryptoError;
use super::adapters::loader::{Permission, Sandbox};
use super::adapters::locked_store::LockError;
use super::adapters::BrowserError;

pub const APP_NAME: &str = "述职报告向导";
pub const MY_REPORTS: &str = "我的报告";
pub const PREV: &str = "上一步";
pub const NEXT: &str = "下一步";
pub const STEP_INFO: &str = "基本信息";
pub const STEP_INTRO: &str = "导语";
pub const STEP_CHECK: &str = "检查与导出";
pub const EDIT_TAB: &str = "编辑";
pub const PREVIEW_TAB: &str = "预览";
pub const PREVIEW_LABEL: &str = "文档预览";
pub const SHOW_EXAMPLE: &str = "查看范例";
pub const PHRASES: &str = "常用语（点击插入到光标处）";
pub const CHARS: &str = "字";
pub const TARGET: &str = "建议";
pub const ADD_ITEM: &str = "添加一条";
pub const REMOVE: &str = "删除";
pub const MOVE_UP: &str = "上移";
pub const MOVE_DOWN: &str = "下移";
pub const COLLAPSE: &str = "收起";
pub const EXPAND: &str = "展开";
pub const UNDO: &str = "撤销";
pub const ITEM_TITLE: &str = "标题";
pub const ITEM_BODY: &str = "正文";
pub const PROBLEM_BODY: &str = "问题表现";
pub const PROBLEM_CAUSE: &str = "原因分析";
pub const FACTS: &str = "数据速填";
pub const FACTS_INSERT: &str = "把数据写成一句话插入正文";
pub const CLOSING: &str = "结束语";
pub const CLOSING_USE: &str = "加上结束语";
pub const LEFTOVER: &str = "未归类内容";
/// The switch for an item whose title stands on its own line (the import keeps it so).
pub const TITLE_OWN_LINE: &str = "小标题单独成段（不勾选：小标题和正文接在同一段）";
pub const LEFTOVER_HINT: &str = "导入时没能归到具体部分的文字，会出现在导出文件末尾。用每段旁边的“放到…”把它放进导语、某一部分的新的一条，或接在已有的一条后面；不要的文字在框里直接删除。";
/// The first option of a leftover paragraph's "放到…" selector (nothing chosen yet).
pub const PLACE_LEFTOVER: &str = "放到…";
pub const PLACE_INTRO: &str = "导语（接在后面）";
/// A new item at the end of a section, named by its short heading.
pub fn place_new_item(short: &str) -> String {
    format!("{short}：新的一条")
}
/// The end of item `number` of a section (its short heading), recognisable by the start of its
/// title, or of its text when it has no title.
pub fn place_into_item(short: &str, number: usize, title: &str, body: &str) -> String {
    let gist = if title.trim().is_empty() { body } else { title };
    let start: String = gist.trim().chars().take(12).collect();
    let more = if gist.trim().chars().count() > 12 { "…" } else { "" };
    let shown = if start.is_empty() { format!("第{number}条") } else { format!("{number}.{start}{more}") };
    format!("{short}：{shown}（接在后面）")
}
/// The accessible name of leftover paragraph `n`'s "放到…" selector.
pub fn place_leftover_label(n: usize) -> String {
    format!("未归类内容第 {n} 段放到")
}
pub const STATUS_SAVED: &str = "已保存";
pub const STATUS_SAVING: &str = "保存中…";
pub const STATUS_UNSAVED: &str = "未保存";
pub const STATUS_EMPTY: &str = "未开始";
pub const STATUS_PROGRESS: &str = "填写中";
pub const STATUS_DONE: &str = "已完成";
pub const STATUS_PROBLEMS: &str = "有问题";
pub const PROGRESS: &str = "完成度";
pub const NO_PROBLEMS: &str = "没有发现问题，可以导出。";
pub const GO_FIX: &str = "前往修改";
pub const EXPORT_HEADING: &str = "导出";
pub const EXPORT_WORD: &str = "下载 Word";
pub const EXPORT_TXT: &str = "下载纯文本 .txt";
pub const EXPORT_MD: &str = "下载 Markdown .md";
pub const EXPORT_HTML: &str = "下载网页 .html";
pub const PRINT: &str = "打印 / 另存为 PDF";
pub const COPY_ALL: &str = "复制全文";
pub const COPIED: &str = "全文已复制到剪贴板。粘贴到 Word 或 WPS 中，标题、层次和段落格式都会保留。";
pub const COPIED_PLAIN: &str = "全文已复制到剪贴板（纯文本，不带格式）。";
pub const COPY_FAILED: &str = "浏览器不允许复制，请在预览中全选后按 Ctrl+C。";
pub const EXPORT_ERRORS_CONFIRM: &str = "报告中还有错误，确定仍要导出吗？";
pub const EXPORT_ANYWAY: &str = "仍然导出";
pub const CANCEL: &str = "取消";
pub const DOWNLOAD_FAILED: &str = "浏览器阻止了下载";
pub const LAYOUT_HEADING: &str = "Word 版式";
pub const LINE_PITCH: &str = "行距";
pub const BOLD_SUBHEADINGS: &str = "小标题加粗";
pub const IMPORT: &str = "导入已有报告";
/// The header's short label for 导入已有报告 on a phone (the full one is its accessible name).
pub const IMPORT_SHORT: &str = "导入";

// The title, the name line and the date line (issue 17.1).
pub const SIGNING_HEADING: &str = "标题与落款";
pub const TITLE_LABEL: &str = "标题";
pub const TITLE_HINT: &str = "按模板和上面的信息自动生成。单位要求别的写法时可以直接改；改过的标题不再随年度、单位变化。";
pub const TITLE_RESET: &str = "恢复自动生成的标题";
pub const BYLINE_LABEL: &str = "在标题下署名（单位、职务和姓名）";
pub const BYLINE_EMPTY: &str = "请先在上面填写单位、职务或姓名。";
pub const DATE_LABEL: &str = "落款日期";
pub const DATE_HINT: &str = "写在全文末尾右下方，如 2026年1月10日。不需要可以留空。";
pub const DATE_TODAY: &str = "填入今天的日期";

// The step's own problems, lengths, 数据速填 (issue 17.3, 17.4, 17.6, 17.9).
pub const STEP_WARNINGS: &str = "建议修改";
pub const FACTS_UPDATE: &str = "更新正文中的数据";
pub const FACTS_PRESENT: &str = "正文中已有这句话";
pub const STEPS_TOGGLE: &str = "全部步骤";

// Storage, autosave and 我的报告 (issue 7).
pub const NEW_REPORT: &str = "新建报告";
pub const EXPORT_BACKUP: &str = "导出备份";
pub const DOWNLOAD_BACKUP: &str = "下载备份";
pub const EXPORT_ALL: &str = "导出全部报告";
pub const EXPORT_CURRENT: &str = "只导出当前报告";
pub const IMPORT_BACKUP: &str = "导入备份";
pub const GOT_IT: &str = "知道了";
pub const LATER: &str = "以后再说";
pub const OPEN_DRAFT: &str = "打开";
pub const DUPLICATE: &str = "复制";
pub const RENAME: &str = "重命名";
pub const SAVE_NAME: &str = "保存名称";
pub const CURRENT_BADGE: &str = "正在编辑";
pub const READ_ONLY_BADGE: &str = "只读";
pub const DAMAGED_BADGE: &str = "无法读取";
pub const SNAPSHOTS_HINT: &str = "自动保存时，每隔至少一分钟留下一个版本，最多保留最近 10 个。恢复前，当前内容也会留下一个版本，可以再恢复回来。";
pub const NO_SNAPSHOTS: &str = "还没有版本记录。";
pub const PREVIEW_SNAPSHOT: &str = "预览";
pub const HIDE_PREVIEW: &str = "收起预览";
pub const RESTORE_SNAPSHOT: &str = "恢复此版本";
pub const BACKUP_HEADING: &str = "备份与恢复";
pub const BACKUP_HINT: &str =
    "报告只保存在这台电脑的浏览器里。清理浏览器数据、重装系统或换电脑都会让它们丢失，请定期导出备份文件，保存到 U 盘或其他位置。";
pub const NEVER_BACKED_UP: &str = "还没有导出过备份。";
pub const IMPORT_REPLACE: &str = "替换本机的同一份报告";
pub const IMPORT_COPIES: &str = "作为副本添加";
pub const IMPORT_ALL: &str = "导入";
pub const DAMAGED_HEADING: &str = "无法读取的数据";
pub const DAMAGED_HINT: &str = "这些数据无法读取，已原样保留，不会被覆盖。可以下载下来，交给熟悉电脑的同事查看，或在确认不需要后删除。";
pub const DOWNLOAD_DAMAGED: &str = "下载无法读取的数据";
pub const DOWNLOAD: &str = "下载";
pub const CONFIRM_DELETE: &str = "确认删除";
pub const WIPE_HEADING: &str = "清除本机数据";
pub const WIPE_HINT: &str =
    "在公用电脑上写完后，可以清除本网页在这台电脑上保存的全部内容：所有报告、版本记录和无法读取的数据。清除后无法恢复，请先导出备份。";
pub const WIPE_START: &str = "清除本机数据…";
pub const WIPE_WORD: &str = "清除";
pub const WIPE_CONFIRM_LABEL: &str = "请输入“清除”两个字以确认";
pub const WIPE_CONFIRM: &str = "清除全部数据";
pub const STORAGE_USED: &str = "本机已用";
pub const MEMORY_ONLY_NOTE: &str = "浏览器不允许保存，下面的报告只在本页内存中。";
pub const ALERT_MEMORY_TITLE: &str = "浏览器不允许本网页保存数据";
pub const ALERT_MEMORY_BODY: &str = "现在写的内容只保存在本页内存中，关闭或刷新页面就会全部丢失。请写完后点“导出备份”把内容存成文件，以后用“导入备份”恢复；也可以在“检查与导出”中下载 Word 文件。";
pub const ALERT_QUOTA_TITLE: &str = "浏览器存储空间已满，最新的修改没有保存。";
pub const ALERT_SAVE_FAILED_BODY: &str =
    "上次保存的内容仍然完好。可以继续写，新内容暂时只在本页内存中：请马上下载备份，再到“我的报告”删除不用的报告或清理版本记录，空间够了会自动保存。";
pub const DROP_SNAPSHOTS: &str = "删除版本记录，腾出空间";
pub const COPY_TO_EDIT: &str = "另存为可编辑的副本";
pub const EDIT_HERE: &str = "在本页继续编辑";
pub const SAVE_AS_NEW: &str = "把本页内容另存为新报告";
pub const LOAD_OTHER_TAB: &str = "放弃本页修改，载入另一页的版本";
pub const STORED_REPORTS: &str = "本机保存的报告";

// Offline use, updates, embedding, sandbox and privacy (issue 8).
pub const OFFLINE_READY: &str = "可离线使用";
/// 可离线使用 on a phone's one-row header.
pub const OFFLINE_SHORT: &str = "离线";
pub const OFFLINE_READY_HINT: &str = "本程序已完整保存在这台电脑的浏览器中，断网也能打开和使用。";
pub const UPDATE_TITLE: &str = "更新可用，保存后刷新。";
pub const UPDATE_BODY: &str = "新版本已经下载好。点“保存后刷新”会先保存正在写的内容再换用新版本；也可以继续写，下次打开时自动使用新版本。";
pub const UPDATE_APPLY: &str = "保存后刷新";
pub const UPDATE_RELOADING: &str = "已保存，正在换用新版本…";
pub const UPDATE_UNSAVED: &str = "还有内容没能保存到本机，现在刷新会丢失。请先到“我的报告”导出备份，或等保存成功后再刷新。";
pub const UPDATE_FAILED: &str = "无法换用新版本，请关闭本页后重新打开";

// Templates: 新建报告 with a choice, 更换模板, 载入模板文件 (issue 10).
pub const NEW_REPORT_TEMPLATE: &str = "新报告的模板";
pub const LOADED_TEMPLATE: &str = "本机载入";
pub const TEMPLATES_HEADING: &str = "模板";
pub const SWITCH_TO: &str = "改用模板";
pub const SWITCH_TEMPLATE: &str = "更换模板…";
pub const SWITCH_MAPPED: &str = "对应得上的部分会这样搬过去：";
pub const SWITCH_MOVED: &str = "下列内容在新模板中没有对应位置，会放进“未归类内容”（不会丢失，在“检查与导出”中移到合适位置或删除）：";
pub const SWITCH_NOTHING_MOVED: &str = "所有内容都能找到对应位置，不会产生“未归类内容”。";
pub const SWITCH_ALL_PLACED: &str = "所有内容都找到了对应位置。";
pub const SWITCH_UNDO_HINT: &str = "更换前的内容留在“版本记录”中，可以随时恢复。";
pub const SWITCH_CONFIRM: &str = "确认更换";
pub const SWITCH_FAILED: &str = "没有更换模板";
pub const LOAD_TEMPLATE: &str = "载入模板文件";
pub const LOAD_TEMPLATE_HINT: &str = "单位或上级提供的模板文件（.json，格式见说明文档“自定义模板”）。载入后保存在本机，“新建报告”和“更换模板”都可以选用；同一 id 的模板再次载入会更新。";
pub const TEMPLATE_REFUSED: &str = "模板没有载入";
pub const TEMPLATE_NOT_UTF8: &str = "文件不是 UTF-8 编码。请用记事本打开模板文件，“另存为”时把编码选为 UTF-8，再载入";
pub const TEMPLATE_LOADED_HINT: &str = "现在可以在“新建报告”或“更换模板”中选用。";
pub const TEMPLATE_REMOVED_HINT: &str = "用它写的报告仍在；再打开时会改用默认模板，对不上的内容放进“未归类内容”。";
pub const CONFIG_WARNINGS_TITLE: &str = "门户的设置有问题，以下几项没有使用（请转告门户管理员）：";
pub const SANDBOX_TITLE: &str = "本页嵌在门户页面的沙箱（sandbox）iframe 中，缺少以下权限：";
pub const SANDBOX_NO_SAME_ORIGIN: &str = "浏览器不允许本页保存数据，报告只在本页内存中，关闭或刷新页面就会丢失；也不能离线使用。";
pub const SANDBOX_NO_DOWNLOADS: &str = "浏览器会拦截下载，“下载 Word”等导出和“导出备份”都无法保存文件。";
pub const SANDBOX_NO_MODALS: &str = "“打印 / 另存为 PDF”和确认对话框不可用。";
pub const SANDBOX_STILL: &str = "仍然可以：";
pub const SANDBOX_WORKS_EDIT: &str = "填写、预览和检查报告";
pub const SANDBOX_WORKS_DOWNLOAD: &str = "下载 Word 等文件和备份";
pub const SANDBOX_WORKS_COPY: &str = "用“复制全文”把报告粘贴到 Word 或 WPS 中";
pub const SANDBOX_WORKS_PRINT: &str = "打印";
pub const SANDBOX_DOWNLOADS_UNKNOWN: &str = "本页无法查看 iframe 的其余权限：如果点“下载”没有反应，说明还缺少 allow-downloads，请改用“复制全文”。";
pub const SANDBOX_ADMIN: &str = "请门户管理员在 iframe 的 sandbox 属性中加上：";
pub const PRIVACY: &str = "隐私说明";
/// 隐私说明 on a phone's one-row header.
pub const PRIVACY_SHORT: &str = "隐私";
pub const CLOSE: &str = "关闭";
/// The privacy statement (README 隐私说明 says the same).
pub const PRIVACY_POINTS: [(&str, &str); 6] = [
    ("不上传任何内容", "本程序是纯静态网页：填写、检查、预览和导出都在您的浏览器里完成。没有接收报告的服务器，不做访问统计，不加载其他网站的字体、脚本或图片；网页的内容安全策略（CSP）禁止连接其他网站。"),
    ("保存在哪里", "报告草稿、版本记录和备份提醒时间保存在这台电脑上这个浏览器的本地存储（localStorage）中，只有同一网址下的本程序能读取。每次保存的草稿还在浏览器的 IndexedDB 中留一份“崩溃日志”，浏览器崩溃后用来找回最后几秒的输入；它同属浏览器的网站数据，“清除本机数据”和开启口令锁都会清空它，上锁时不写。为了离线使用，浏览器还缓存了本程序的文件和门户的设置，其中不含报告内容。"),
    ("不丢稿", "停笔 300 毫秒后自动保存，不停地打字时最迟 2 秒保存一次，关闭或离开页面时立即保存。同一份报告开在几个标签页里时，只有一页在写，其他页只读并显示它保存的内容，写的一页关闭后自动接着写。用 http 访问的内网地址做不到这一点（两页都有修改时要您选择保留哪份）；只在内存中时关闭页面内容就没有了；上锁时没有崩溃日志，崩溃可能丢最后几秒。"),
    ("导出的文件", "下载的 Word、文本、网页文件和备份文件保存在您选择的位置，由您自己保管；备份文件包含全部报告内容。"),
    ("嵌入门户时", "只有门户管理员在 config.json 中列出的门户网页可以向本页要当前报告的文件；其他网页发来的请求一律不回应。"),
    ("公用电脑", "清理浏览器数据会删除这里保存的报告，请定期导出备份。在公用电脑上写完后，先导出备份，再到“我的报告”中点“清除本机数据”；经常使用的公用电脑可以设置下面的口令锁。"),
];
pub const LOCK_HEADING: &str = "口令锁（公用电脑）";
pub const LOCK_WHAT: &str = "上锁后，这台电脑上保存的报告都用您的口令加密（AES-256-GCM，密钥由口令经 60 万次 PBKDF2-SHA-256 计算得出），每次打开本程序都要先输入口令；不知道口令的人看不到内容。离开电脑时点“立即上锁”或关闭页面。";
pub const LOCK_START: &str = "设置口令锁…";
pub const LOCK_WARNING: &str =
    "请先想清楚：忘记口令，这台电脑上的报告就永远无法打开，任何人都无法找回——包括本程序的开发者和单位的管理员。上锁前建议先在“我的报告”中导出备份。";
pub const LOCK_NEW_PASSPHRASE: &str = "口令（至少 8 个字符）";
pub const LOCK_PASSPHRASE_AGAIN: &str = "再输入一次口令";
pub const LOCK_UNDERSTOOD: &str = "我已明白：忘记口令，报告无法恢复";
pub const LOCK_TICK_FIRST: &str = "请先勾选“我已明白”。";
pub const LOCK_ON: &str = "加密并上锁";
pub const LOCK_ENCRYPTING: &str = "正在加密（约需 1 秒）…完成后页面会重新打开，请用新口令解锁。";
pub const LOCK_NOT_ON: &str = "没有上锁，报告保持原样";
pub const LOCK_NO_ROOM: &str = "浏览器存储空间不够放加密后的数据（加密后约大三分之一），请先在“我的报告”中删除不用的报告或版本记录";
pub const LOCK_IS_ON: &str = "口令锁已开启：这台电脑上的报告加密保存，打开本程序要先输入口令。";
pub const LOCK_NOW: &str = "立即上锁";
pub const LOCK_OFF: &str = "取消口令锁";
pub const LOCK_MEMORY_ONLY: &str = "浏览器不允许本页保存数据，报告不会留在这台电脑上，无需上锁。";
pub const LOCK_NEEDS_HTTPS: &str = "口令锁需要用 https 网址（或本机 127.0.0.1）打开本程序，浏览器才提供加密功能";
pub const LOCK_LOCKED_TITLE: &str = "报告已上锁";
pub const LOCK_LOCKED_BODY: &str = "这台电脑上的报告用口令加密保存着。请输入口令解锁。";
pub const LOCK_PASSPHRASE: &str = "口令";
pub const LOCK_UNLOCK: &str = "解锁";
pub const LOCK_CHECKING: &str = "正在验证口令（约需 1 秒）…";
pub const LOCK_WRONG: &str = "口令不对，没有解锁。报告仍然加密保存着，没有任何改动。请再试一次（注意大小写和输入法的全角/半角）。";
pub const LOCK_FORGOT: &str = "忘记口令？";
pub const LOCK_FORGOT_BODY: &str = "口令无法找回：报告是用口令加密的，没有口令，谁也读不出来（包括本程序的开发者和管理员）。如果有备份文件，可以清除这里加密的数据，重新开始，再用“导入备份”恢复。清除后无法撤销。";
pub const LOCK_WIPE: &str = "清除加密的数据，重新开始";
pub const LOCK_WIPE_CONFIRM_FIRST: &str = "请先在框中输入“清除”两个字。";

// The wizard's frame.
pub const STEPS_LABEL: &str = "填写步骤";
pub const VIEW_TABS_LABEL: &str = "切换编辑与预览";
pub const CHECK_RESULTS: &str = "检查结果";
pub const ITEM_TITLE_PLACEHOLDER: &str = "一句话概括，结尾不用加句号";
pub const KEEP_SENTENCE: &str = "保留，不再提醒";
pub const SIMILAR_HINT: &str = "评议时容易被认为“年年一个样”。请改写成今年的新情况；确实没变的可以保留。";
pub const PROMISES_HEADING: &str = "去年的“下步打算”";
pub const PROMISES_HINT: &str = "去年承诺要做的事，今年的工作情况里最好逐一有交代：";
pub const NEXT_YEAR_HEADING: &str = "明年";
pub const NEXT_YEAR_HINT: &str =
    "明年写述职报告时，可以从这份报告开始：基本信息沿用、年度加一，今年列出的问题自动成为“问题整改”的开头，并提醒与今年重复的句子。";
pub const NEXT_YEAR_START: &str = "用本报告开始下一年度报告";

// 导入已有报告.
pub const IMPORT_HINT: &str =
    "把去年的述职报告或范文粘贴到下面，或打开 .txt、.md、.docx 文件（也可以直接把文件拖到页面上）。识别结果会先给你看，确认后才会使用。";
pub const OPEN_FILE: &str = "打开文件";
pub const OR_PASTE: &str = "或粘贴全文";
pub const RECOGNISE: &str = "识别";
pub const READING: &str = "正在读取…";
pub const PASTE_FIRST: &str = "请先粘贴报告全文。";
pub const IMPORT_RESULT: &str = "识别结果";
pub const IMPORT_CONFIRM_REPLACE: &str = "当前草稿的内容将被替换。再点一次“替换当前草稿”确认；想保留当前草稿请选“作为新报告打开”。";
pub const IMPORT_AS_NEW: &str = "作为新报告打开";
pub const IMPORT_REPLACE_CURRENT: &str = "替换当前草稿";
pub const IMPORT_AS_LAST_YEAR: &str = "作为上年报告，开始下一年度";
pub const IMPORT_REVIEW: &str = "逐段核对";
pub const IMPORT_REVIEW_HINT: &str = "每一段左边是它被放到的位置，右边是判断的依据。放错了就在下拉框里改选，结果和下面的预览会马上更新；“不要”的段落不会进入报告。确认无误后再点上面的“作为新报告打开”或“替换当前草稿”。";
pub const IMPORT_PREVIEW: &str = "按现在的归属生成的报告";

/// The accessible name of paragraph `n`'s part selector.
pub fn review_part_label(n: usize) -> String {
    format!("第 {n} 段放到")
}

// The lazy part (imports and Word files, loaded when idle).
pub const EXPORTING: &str = "正在生成…";
pub const LAZY_MALFORMED: &str = "程序的两个部分版本不一致。请刷新页面后再试。";

/// Why the lazy part could not do what an action needed; everything else keeps working.
pub fn lazy_error(why: crate::ui::adapters::lazy::LazyError) -> String {
    match why {
        crate::ui::adapters::lazy::LazyError::Unavailable => {
            "导入和生成 Word 文件所需的程序部分没能加载（可能是网络断开，或服务器上缺少这个文件）。请检查网络后再试；填写、预览和其他格式的导出不受影响。".into()
        }
        crate::ui::adapters::lazy::LazyError::Stopped => "这项工作意外中断了（文件可能太大）。请再试一次；填写的内容不受影响。".into(),
    }
}

// 我的报告.
pub const NO_REPORTS_YET: &str = "还没有保存的报告。开始填写后会自动保存在这里。";
pub const DUPLICATED: &str = "已复制为一份新报告。";
pub const RENAME_LABEL: &str = "报告名称（留空则使用报告标题）";
pub const SNAPSHOTS_HEADING_CURRENT: &str = "版本记录（当前报告）";
pub const BACKUP_FILE_HINT: &str = "选择以前导出的备份文件（.json）。导入前会先列出其中的报告，由你决定是否替换。";
pub const BACKUP_NOTHING_TO_IMPORT: &str = "这个备份里没有可以导入的报告。";
pub const COPIED_TO_EDIT: &str = "已另存为可编辑的副本。新版本特有的内容可能没有保留。";
pub const SAVED_AS_NEW: &str = "已把本页内容另存为一份新报告，可以继续编辑。";

// ---------------------------------------------------------------------------------------------
// Times

/// `HH:MM:SS` in local time.
pub fn clock_time(ms: u64) -> String {
    let t = clock::local(ms);
    format!("{:02}:{:02}:{:02}", t.hour, t.minute, t.second)
}

/// `2024-11-05 10:31` in local time.
pub fn date_time(ms: u64) -> String {
    if ms == 0 {
        return "时间未知".into();
    }
    let Local { year, month, day, hour, minute, .. } = clock::local(ms);
    format!("{year}-{month:02}-{day:02} {hour:02}:{minute:02}")
}

/// `20241105-1031`, for file names.
fn file_stamp(ms: u64) -> String {
    let Local { year, month, day, hour, minute, .. } = clock::local(ms);
    format!("{year}{month:02}{day:02}-{hour:02}{minute:02}")
}

// ---------------------------------------------------------------------------------------------
// Steps, fields and items

/// A step's name; sections carry the number the preview prints them under (`numbers`, from
/// `outline::section_numbers`), none while they print nothing.
pub fn step_title(step: &Step, template: &Template, numbers: &[Option<usize>]) -> String {
    match step {
        Step::Info => STEP_INFO.into(),
        Step::Intro => STEP_INTRO.into(),
        Step::Section(i) => {
            let heading = template.sections.get(*i).map(|sec| sec.heading.as_str()).unwrap_or_default();
            match numbers.get(*i).copied().flatten() {
                Some(n) => format!("{}、{heading}", chinese_number(n)),
                None => heading.to_string(),
            }
        }
        Step::Check => STEP_CHECK.into(),
        Step::Drafts => MY_REPORTS.into(),
        Step::Import => IMPORT.into(),
    }
}

pub fn status_label(status: StepStatus) -> &'static str {
    match status {
        StepStatus::Empty => STATUS_EMPTY,
        StepStatus::InProgress => STATUS_PROGRESS,
        StepStatus::Complete => STATUS_DONE,
        StepStatus::Problems => STATUS_PROBLEMS,
    }
}

/// The step list's CSS class for a status.
pub fn status_class(status: StepStatus) -> &'static str {
    match status {
        StepStatus::Empty => "empty",
        StepStatus::InProgress => "progress",
        StepStatus::Complete => "done",
        StepStatus::Problems => "problems",
    }
}

/// `123 字 · 建议 80–300 字`.
pub fn counter(count: usize, target: Option<LengthTarget>) -> String {
    match target {
        Some(LengthTarget { min, max }) => {
            format!("{count} {CHARS} · {TARGET} {min}–{max} {CHARS}")
        }
        None => format!("{count} {CHARS}"),
    }
}

/// An item's counter: `本条 153 字 · 建议 150–500 字`, or for a share of the section's target
/// `本条 80 字 · 每条约 100–300 字`.
pub fn item_counter(hint: &ItemHint) -> String {
    let LengthTarget { min, max } = hint.target;
    let how = if hint.enforced { TARGET } else { "每条约" };
    format!("本条 {} {CHARS} · {how} {min}–{max} {CHARS}", hint.count)
}

/// `本部分共 475 字 · 建议 200–411 字`.
pub fn section_counter(count: usize, target: LengthTarget) -> String {
    format!("本部分共 {count} {CHARS} · {TARGET} {}–{} {CHARS}", target.min, target.max)
}

/// `全文 1,893 字 · 约 4 页（每页 22 行 × 28 字）· 朗读约 10 分钟（每分钟 200 字）`.
pub fn size_line(size: &Size) -> String {
    format!(
        "全文 {} {CHARS} · 约 {} 页（每页 {} 行 × {} 字）· 朗读约 {} 分钟（每分钟 {} 字）",
        thousands(size.chars), size.pages, LINES_PER_PAGE, CHARS_PER_LINE, size.minutes, READING_PACE
    )
}

/// `这一步还有 2 个问题`.
pub fn step_problems(n: usize) -> String {
    format!("这一步还有 {n} 个问题")
}

/// The step bar on a phone: `第 3/6 步`.
pub fn step_of(n: usize, total: usize) -> String {
    format!("第 {n}/{total} 步")
}

/// `2026年1月10日`: the date line as official documents write it (no leading zeros).
pub fn date_line(year: u32, month: u32, day: u32) -> String {
    format!("{year}年{month}月{day}日")
}

/// `1.政治思想建设情况`, or `第1条` while the item has no title.
pub fn item_heading(number: usize, title: &str) -> String {
    if title.is_empty() {
        format!("第{number}条")
    } else {
        format!("{number}.{title}")
    }
}

pub fn item_title_label(number: usize) -> String {
    format!("第{number}条 {ITEM_TITLE}")
}

pub fn item_tools(number: usize) -> String {
    format!("第{number}条操作")
}

/// `上移 第2条`.
pub fn item_action(action: &str, number: usize) -> String {
    format!("{action} 第{number}条")
}

pub fn item_removed(title: &str) -> String {
    format!("已删除“{}”", if title.is_empty() { "一条" } else { title })
}

pub fn cause_placeholder(connector: &str) -> String {
    format!("（导出时自动加上“{connector}”）")
}

pub fn similar_heading(n: usize) -> String {
    format!("与去年报告几乎相同的句子（{n}）")
}

pub fn similar_origin(similar: &Similar) -> String {
    // Rounded by hand: the float formatter is 10 KB of the first load.
    format!(" —— 与{}相同（相似度 {}%）", similar.last_place, (similar.similarity * 100.0).round() as u32)
}

// ---------------------------------------------------------------------------------------------
// Saving and storage

pub const MEMORY_ONLY_STATUS: &str = "只在本页内存中，关闭页面就会丢失";
pub const STATUS_FOLLOWING: &str = "只读：另一个标签页正在编辑";
pub const LOCK_CHANGED_STATUS: &str = "口令锁在另一个标签页中改变了，请刷新本页";
pub const ALERT_LOCK_CHANGED: &str = "口令锁在另一个标签页中开启、关闭或换了口令。为了不把报告以明文（或用旧口令）写进这台电脑，本页已停止保存。请刷新本页（上锁时要输入口令解锁）再接着写；刷新前如有没保存的修改，可先下载备份，解锁后用“导入备份”恢复。";
pub const RELOAD_PAGE: &str = "刷新本页";

/// The header's save status.
pub fn save_status(status: &SaveStatus) -> String {
    match status {
        SaveStatus::Idle => String::new(),
        SaveStatus::Saving => STATUS_SAVING.into(),
        SaveStatus::Saved { at, used } => {
            // Usage is news only when it is large (a quota is ≈ 5–10 MB).
            let used = if *used >= 1024 * 1024 { format!(" · 本机已用 {}", format_bytes(*used)) } else { String::new() };
            format!("{STATUS_SAVED} {}{used}", clock_time(*at))
        }
        SaveStatus::Unsaved(why) => format!("{STATUS_UNSAVED}：{}", unsaved(why)),
        SaveStatus::Following => STATUS_FOLLOWING.into(),
    }
}

/// The header's save status while the draft is read-only: what is true of it, by why it is
/// read-only (another tab editing it keeps everything; only a tab that diverged or lost its draft
/// holds text that is not stored).
pub fn read_only_status(why: &ReadOnly) -> (String, bool) {
    match why {
        ReadOnly::Newer { .. } => ("只读：由更新版本保存，本机的内容没有改动".into(), false),
        ReadOnly::OtherTab(Conflict::Following | Conflict::OtherWriter) => ("只读：另一个标签页正在编辑，内容由那边保存".into(), false),
        ReadOnly::OtherTab(Conflict::TakingOver) => ("只读：正在改由本页编辑，等另一个标签页保存完最后的修改".into(), false),
        ReadOnly::OtherTab(Conflict::LockChanged) => (format!("{STATUS_UNSAVED}：{LOCK_CHANGED_STATUS}"), true),
        ReadOnly::OtherTab(Conflict::Diverged) => (format!("{STATUS_UNSAVED}：本页的修改与另一个标签页冲突，请在下方选择"), true),
        ReadOnly::OtherTab(Conflict::Deleted) => (format!("{STATUS_UNSAVED}：这份报告已在别处删除，可另存为新报告"), true),
    }
}

fn unsaved(why: &Unsaved) -> String {
    match why {
        Unsaved::MemoryOnly => MEMORY_ONLY_STATUS.into(),
        Unsaved::Store(e) => e.to_string(),
        Unsaved::Blocked(b) => b.to_string(),
        Unsaved::LockChanged => LOCK_CHANGED_STATUS.into(),
    }
}

pub fn memory_only_body(why: &MemoryOnly) -> String {
    let why = match why {
        MemoryOnly::Refused(StoreError::Quota) => "存储空间已满".to_string(),
        MemoryOnly::Refused(StoreError::Unavailable(why)) => why.clone(),
        MemoryOnly::StillLocked => "报告已用口令加密，尚未解锁".into(),
    };
    format!("（{why}）。{ALERT_MEMORY_BODY}")
}

pub fn save_failed_title(error: &StoreError) -> String {
    match error {
        StoreError::Quota => ALERT_QUOTA_TITLE.into(),
        other => format!("无法写入浏览器存储（{other}）。"),
    }
}

pub fn newer_version(version: u32) -> String {
    crate::report::library::Notice::Newer { id: String::new(), version }.to_string()
}

pub fn conflict_text(conflict: Conflict) -> &'static str {
    match conflict {
        Conflict::Following => "这份报告正在另一个标签页中编辑。为避免互相覆盖，本页已改为只读，并显示那边保存的最新内容。",
        Conflict::OtherWriter => "这份报告正在另一个标签页中编辑。为避免互相覆盖，本页只读，显示那边保存的最新内容；那个标签页关闭后，本页自动接着编辑。也可以点“在本页继续编辑”，改由本页编辑（那边随即变为只读）。",
        Conflict::TakingOver => "正在改由本页编辑：等另一个标签页保存完最后的修改…",
        Conflict::LockChanged => ALERT_LOCK_CHANGED,
        Conflict::Diverged => "这份报告在另一个标签页中被修改了。本页还有没保存的修改，为避免互相覆盖，已停止保存。请选择：把本页内容另存为新报告，或放弃本页修改、载入另一页的版本（本页内容会留在版本记录里）。",
        Conflict::Deleted => "这份报告已在另一个标签页中删除，或本机数据被清除。本页的内容还在，可以另存为新报告。",
    }
}

pub fn session_error(e: &SessionError) -> String {
    match e {
        SessionError::Store(e) => e.to_string(),
        SessionError::Open(e) => e.to_string(),
        SessionError::Save(e) => e.to_string(),
        SessionError::Template(e) => e.to_string(),
        SessionError::Backup(e) => e.to_string(),
        SessionError::Blocked(b) => format!("不能恢复：{b}"),
        SessionError::NotFound => "找不到这份数据".into(),
        SessionError::LockChanged => LOCK_CHANGED_STATUS.into(),
    }
}

/// Opening a stored draft failed; damaged ones can still be downloaded.
pub fn open_failed(e: &SessionError) -> String {
    match e {
        SessionError::Open(OpenError::Damaged { .. }) => format!("{}。可以在下方“无法读取的数据”中下载原始内容。", session_error(e)),
        e => session_error(e),
    }
}

pub fn browser_error(e: &BrowserError) -> String {
    match e {
        BrowserError::NoWindow => "没有浏览器窗口".into(),
        BrowserError::Unsupported(what) => format!("浏览器不支持 {what}"),
        BrowserError::Threw(why) => why.clone(),
    }
}

pub fn download_failed(why: &str) -> String {
    format!("{DOWNLOAD_FAILED}：{why}")
}

pub fn exported(name: &str) -> String {
    format!("已生成 {name}")
}

pub fn export_errors_confirm(errors: usize, extension: &str) -> String {
    format!("{EXPORT_ERRORS_CONFIRM}（{errors} 个错误，导出 .{extension}）")
}

pub fn snapshots_dropped(freed: &str) -> String {
    format!("已删除版本记录，腾出 {freed}。")
}

pub fn download_damaged_label(n: Option<usize>, size: &str) -> String {
    match n {
        Some(n) => format!("{DOWNLOAD_DAMAGED} {n}（{size}）"),
        None => format!("{DOWNLOAD_DAMAGED}（{size}）"),
    }
}

/// `述职报告-无法读取的数据-damaged.1730000000000.txt`.
pub fn damaged_file_name(key: &str) -> String {
    format!("述职报告-无法读取的数据-{}.txt", key.trim_start_matches("shuzhi."))
}

/// `发现于 2024-11-05 10:31 的数据` from `shuzhi.damaged.<ms>[-n]`.
pub fn damaged_label(key: &str) -> String {
    let ms = key
        .strip_prefix(crate::report::library::DAMAGED_PREFIX)
        .and_then(|r| r.strip_prefix('.'))
        .and_then(|r| r.split('-').next())
        .and_then(|r| r.parse::<u64>().ok());
    match ms {
        Some(ms) => format!("发现于 {} 的数据", date_time(ms)),
        None => "旧版本留下的数据".into(),
    }
}

pub fn wipe_failed(e: &SessionError) -> String {
    format!("清除失败：{}", session_error(e))
}

pub fn template_missing(missing: &TemplateMissing) -> String {
    let moved = if missing.moved.is_empty() {
        String::new()
    } else {
        format!("{}放在了“未归类内容”中（见“检查与导出”）。", missing.moved.join("、"))
    };
    format!(
        "这份报告使用的模板“{}”不在这台电脑上（可能是单位下发的模板文件还没有载入），已改用“{}”打开，对应得上的部分已放到相应位置。{moved}如需按原模板继续写：先在“我的报告”中载入该模板文件，再在“版本记录”中恢复打开前的版本。",
        missing.template_id, missing.used
    )
}

// ---------------------------------------------------------------------------------------------
// 我的报告

/// `模板 · 2024 年度 · 最后修改 2024-11-05 10:31（3 天前）· 1,234 字 · 12 KB`
pub fn describe_entry(entry: &Entry, now: u64) -> String {
    let meta = &entry.meta;
    let mut parts = Vec::new();
    if !meta.template_name.is_empty() {
        parts.push(meta.template_name.clone());
    }
    if !meta.year.is_empty() {
        parts.push(format!("{} 年度", meta.year));
    }
    parts.push(format!("最后修改 {}（{}）", date_time(meta.edited), age_text(meta.edited, now)));
    parts.push(format!("{} 字", meta.chars));
    parts.push(format_bytes(meta.size));
    parts.join(" · ")
}

pub fn entry_actions(name: &str) -> String {
    format!("操作：{name}")
}

pub fn snapshot_line(record: &SnapshotRecord, now: u64) -> String {
    format!("{}（{}）· {} 字", date_time(record.at), age_text(record.at, now), record.chars)
}

pub fn snapshot_unreadable(why: &DecodeError) -> String {
    format!("这个版本无法读取：{why}")
}

pub fn snapshots_unreadable(e: &SessionError) -> String {
    format!("版本记录无法读取：{}", session_error(e))
}

pub fn snapshot_restored(at: u64) -> String {
    format!("已恢复到 {} 的版本。恢复前的内容已留在版本记录里。", date_time(at))
}

/// `述职报告备份-20241105-1031.json`, or `{title}-备份-….json` for one report's backup.
pub fn backup_file_name(title: Option<&str>, now: u64) -> String {
    match title {
        None => format!("述职报告备份-{}.json", file_stamp(now)),
        Some(title) => format!("{}-备份-{}.json", crate::report::render::safe_file_stem(title, "述职报告"), file_stamp(now)),
    }
}

pub fn backup_downloaded(name: &str) -> String {
    format!("已下载备份文件 {name}。")
}

pub fn backup_downloaded_keep_safe(name: &str) -> String {
    format!("已下载备份文件 {name}。请把它保存到 U 盘或其他安全的位置。")
}

pub fn last_backup(at: Option<u64>, now: u64) -> String {
    match at {
        Some(at) => format!("上次导出全部报告：{}（{}）", date_time(at), age_text(at, now)),
        None => NEVER_BACKED_UP.into(),
    }
}

pub fn plan_summary(plan: &ImportPlan) -> String {
    let when = if plan.exported_at > 0 { format!("（导出于 {}）", date_time(plan.exported_at)) } else { String::new() };
    let mut text = format!("备份文件{when}包含 {} 份报告", plan.rows.len());
    if !plan.damaged.is_empty() {
        let _ = write!(text, "和 {} 份无法读取的数据（会原样保留）", plan.damaged.len());
    }
    if !plan.templates.is_empty() {
        let names: Vec<&str> = plan.templates.iter().map(|(name, _)| name.as_str()).collect();
        let _ = write!(text, "，以及报告用到的模板：{}", names.join("、"));
    }
    text.push('：');
    text
}

pub fn plan_row(row: &ImportRow) -> String {
    match (&row.draft, &row.existing) {
        (Err(why), _) => format!("：无法导入（{why}）"),
        (Ok(_), Some(local)) => {
            format!("：本机已有同一份报告（本机最后修改 {}，备份中的最后修改 {}）", date_time(local.edited), date_time(row.meta.edited))
        }
        (Ok(_), None) => format!("：{} · 最后修改 {}", row.meta.template_name, date_time(row.meta.edited)),
    }
}

pub fn backup_conflicts(n: usize) -> String {
    format!("其中 {n} 份本机已有。替换会用备份中的内容覆盖本机的版本（本机版本会先留在版本记录里）；作为副本添加则不改动本机已有的报告。")
}

pub fn import_all(n: usize) -> String {
    format!("{IMPORT_ALL} {n} 份报告")
}

pub fn backup_imported(report: &ImportReport) -> String {
    let mut text = format!("已导入 {} 份报告。", report.written.len());
    if !report.replaced.is_empty() {
        let _ = write!(text, "替换了 {} 份，替换前的内容留在了它们的版本记录里。", report.replaced.len());
    }
    for (name, why) in &report.failed {
        let _ = write!(text, "“{name}”没有导入：{why}。");
    }
    if !report.templates_loaded.is_empty() {
        let _ = write!(text, "载入了模板：{}。", report.templates_loaded.join("、"));
    }
    text
}

pub fn backup_import_failed(e: &SessionError) -> String {
    format!("导入失败：{}。本机原有的报告没有改变。", session_error(e))
}

// ---------------------------------------------------------------------------------------------
// Templates

pub fn template_label(template: &Template, loaded: bool) -> String {
    if loaded {
        format!("{}（{LOADED_TEMPLATE}）", template.name)
    } else {
        template.name.clone()
    }
}

/// `一、主要工作情况　二、存在问题及原因　三、下步打算`: what a template's report looks like.
pub fn outline_text(template: &Template) -> String {
    template.sections.iter().enumerate().map(|(i, section)| format!("{}、{}", chinese_number(i + 1), section.heading)).collect::<Vec<_>>().join("　")
}

pub fn current_template(template: &Template) -> String {
    format!("当前报告使用“{}”：{}", template.name, outline_text(template))
}

pub fn switch_question(name: &str) -> String {
    format!("把当前报告改用“{name}”？")
}

pub fn new_structure(template: &Template) -> String {
    format!("新的结构：{}", outline_text(template))
}

pub fn switched(name: &str, moved: &[String]) -> String {
    let mut text = format!("已改用“{name}”。");
    if moved.is_empty() {
        text.push_str(SWITCH_ALL_PLACED);
    } else {
        let _ = write!(text, "{}放在了“未归类内容”中，请在“检查与导出”中移到合适位置。", moved.join("、"));
    }
    text.push_str(SWITCH_UNDO_HINT);
    text
}

pub fn switch_failed(e: &SessionError) -> String {
    format!("{SWITCH_FAILED}：{}", session_error(e))
}

pub fn template_loaded(template: &Template, replaced: bool) -> String {
    let how = if replaced { "已更新" } else { "已载入" };
    format!("{how}模板“{}”（{}，版本 {}）。{TEMPLATE_LOADED_HINT}", template.name, template.id, template.version)
}

pub fn loaded_template_meta(template: &Template) -> String {
    format!("{} · 版本 {} · {}", template.id, template.version, outline_text(template))
}

pub fn template_removed(name: &str) -> String {
    format!("已删除模板“{name}”。{TEMPLATE_REMOVED_HINT}")
}

// ---------------------------------------------------------------------------------------------
// Files and import

pub fn file_too_large(bytes: u64) -> String {
    format!("文件太大（{} MB），最多 5 MB。", crate::report::storage::tenths(bytes, 1024 * 1024))
}

pub fn file_unreadable(e: &BrowserError) -> String {
    format!("无法读取文件：{}", browser_error(e))
}

pub fn import_refused(why: &str) -> String {
    // The core's reasons are sentences without their full stop; one is added where missing.
    let stop = if why.ends_with(['。', '！', '？']) { "" } else { "。" };
    format!("没有导入：{why}{stop}当前草稿没有任何改动。")
}

pub fn import_title(title: &str) -> String {
    format!("标题：{title}")
}

pub fn import_intro(paragraphs: usize) -> String {
    if paragraphs == 0 {
        "导语：未识别".into()
    } else {
        format!("导语：{paragraphs} 段")
    }
}

pub fn import_section(heading: &str, items: usize) -> String {
    format!("{heading}：{items} 条")
}

pub fn import_closing(closing: &str) -> String {
    format!("结束语：{closing}")
}

pub fn import_leftover(chars: usize) -> String {
    format!("{LEFTOVER}：{chars} 字（导入后请在“检查与导出”中处理）")
}

pub fn import_notes(n: usize) -> String {
    format!("导入说明（{n} 条）")
}

// ---------------------------------------------------------------------------------------------
// Platform: updates, the portal, the sandbox, the lock

pub fn update_failed(e: &BrowserError) -> String {
    format!("{UPDATE_FAILED}（{}）", browser_error(e))
}

pub fn portal_warning(warning: &PortalWarning) -> String {
    match warning {
        PortalWarning::Setting(text) => text.clone(),
        PortalWarning::ConfigUnreadable(why) => {
            format!("无法读取 config.json（{why}），门户设置未使用")
        }
        PortalWarning::Template { url, why, fallback } => {
            let why = match why {
                TemplateProblem::NotFetched => "没有读取".to_string(),
                TemplateProblem::CrossOrigin => "不在本网站上".into(),
                TemplateProblem::Http(status) => format!("服务器返回 {status}"),
                TemplateProblem::Download(why) => format!("无法下载（{why}）"),
                TemplateProblem::Empty => "文件是空的".into(),
                TemplateProblem::Invalid(why) => why.clone(),
                TemplateProblem::BuiltinId(id) => {
                    format!("模板 id“{id}”与内置模板相同，请在文件中换一个")
                }
            };
            format!("门户指定的模板文件 {url} 不能使用：{why}。新报告改用“{fallback}”")
        }
    }
}

pub fn sandbox_cost(permission: Permission) -> &'static str {
    match permission {
        Permission::SameOrigin => SANDBOX_NO_SAME_ORIGIN,
        Permission::Downloads => SANDBOX_NO_DOWNLOADS,
        Permission::Modals => SANDBOX_NO_MODALS,
    }
}

/// What still works, given what is missing.
pub fn sandbox_still_works(sandbox: &Sandbox) -> String {
    let mut works = vec![SANDBOX_WORKS_EDIT];
    if !sandbox.missing.contains(&Permission::Downloads) {
        works.push(SANDBOX_WORKS_DOWNLOAD);
    }
    works.push(SANDBOX_WORKS_COPY);
    if !sandbox.missing.contains(&Permission::Modals) && sandbox.flags_known {
        works.push(SANDBOX_WORKS_PRINT);
    }
    let mut text = format!("{SANDBOX_STILL}{}。", works.join("、"));
    if !sandbox.flags_known {
        text.push_str(SANDBOX_DOWNLOADS_UNKNOWN);
    }
    text
}

pub fn lock_error(e: &LockError) -> String {
    match e {
        LockError::Crypto(CryptoError::NeedsSecurePage) => LOCK_NEEDS_HTTPS.into(),
        LockError::Crypto(CryptoError::Browser(e)) => browser_error(e),
        LockError::Store(e) => e.to_string(),
        LockError::WrongPassphrase => LOCK_WRONG.into(),
        LockError::NoRoom => LOCK_NO_ROOM.into(),
    }
}

pub fn lock_not_on(e: &LockError) -> String {
    format!("{LOCK_NOT_ON}：{}", lock_error(e))
}

// ---------------------------------------------------------------------------------------------
// Punctuation that joins texts

pub const COLON: &str = "：";

/// `标签：内容`.
pub fn labelled(label: &str, text: &str) -> String {
    format!("{label}{COLON}{text}")
}

/// `错误（3）`.
pub fn counted(label: &str, n: usize) -> String {
    format!("{label}（{n}）")
}

/// `名称（12 KB）`.
pub fn sized(label: &str, size: &str) -> String {
    format!("{label}（{size}）")
}

/// `＋ 添加一条`.
pub fn add(what: &str) -> String {
    format!("＋ {what}")
}
