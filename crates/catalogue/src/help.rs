//! The users' guide (使用说明), task by task, one part per screen and a few
//! for everyone: keeping the ledgers safe, the keyboard, hosting the page.
//!
//! A step that uses a control names it by its catalogue key (`T`), so the
//! guide always calls a button what the screen calls it, and by its page
//! hook, so a test can follow the guide step by step on the real page; a
//! test of the sources checks that every control the guide names is still
//! on its screen. `{}` in a step's text is where the control's name goes.

use super::T;
use taizhang_core::{Lang, Text};

/// What a step asks of the user, so that a test can do the same.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Act {
    /// Open a screen by its tab.
    Go,
    Click,
    /// Choose a file.
    Choose,
    /// Pick an option of a list.
    Select,
    /// Type into a field.
    Fill,
    /// Look at something on the screen.
    Read,
}

impl Act {
    pub fn key(self) -> &'static str {
        match self {
            Act::Go => "go",
            Act::Click => "click",
            Act::Choose => "choose",
            Act::Select => "select",
            Act::Fill => "fill",
            Act::Read => "read",
        }
    }
}

/// A control of a screen, as the guide names it.
#[derive(Clone, Copy, Debug)]
pub struct Control {
    /// Its name on the screen.
    pub label: T,
    /// A CSS selector of the page hook that finds it.
    pub hook: &'static str,
    pub act: Act,
    /// The screen it is on, when not the part's own (`""`: the part's).
    pub on: &'static str,
}

#[derive(Clone, Copy, Debug)]
pub struct Step {
    pub text: Text,
    pub control: Option<Control>,
}

impl Step {
    /// The step as the user reads it, the control's name in its place.
    pub fn said(&self, lang: Lang) -> String {
        let text = self.text.get(lang);
        match self.control {
            Some(control) => {
                let name = control.label.text().get(lang);
                let quoted = match lang {
                    Lang::Zh => format!("「{name}」"),
                    Lang::En => format!("“{name}”"),
                };
                text.replacen("{}", &quoted, 1)
            }
            None => text.to_owned(),
        }
    }
}

#[derive(Clone, Copy, Debug)]
pub struct Task {
    /// Stable, for links and tests (`data-task`).
    pub id: &'static str,
    pub title: Text,
    pub steps: &'static [Step],
}

/// The guide's part for a screen (`screen` is its key in URLs), or for
/// everyone (`screen` empty, `title` its heading).
#[derive(Clone, Copy, Debug)]
pub struct Part {
    pub id: &'static str,
    pub screen: &'static str,
    pub title: T,
    pub intro: Text,
    pub tasks: &'static [Task],
}

const fn say(zh: &'static str, en: &'static str) -> Step {
    Step {
        text: Text::new(zh, en),
        control: None,
    }
}

const fn with(label: T, hook: &'static str, act: Act, zh: &'static str, en: &'static str) -> Step {
    on("", label, hook, act, zh, en)
}

/// A step with a control of another screen than the part's.
const fn on(
    screen: &'static str,
    label: T,
    hook: &'static str,
    act: Act,
    zh: &'static str,
    en: &'static str,
) -> Step {
    Step {
        text: Text::new(zh, en),
        control: Some(Control {
            label,
            hook,
            act,
            on: screen,
        }),
    }
}

const fn task(
    id: &'static str,
    zh: &'static str,
    en: &'static str,
    steps: &'static [Step],
) -> Task {
    Task {
        id,
        title: Text::new(zh, en),
        steps,
    }
}

const fn go(label: T, hook: &'static str) -> Step {
    with(label, hook, Act::Go, "打开{}页。", "Open the {} screen.")
}

const KEEP_LEDGER: [Step; 6] = [
    with(T::Add, "[data-testid^=\"new-\"]", Act::Click, "点{}，填写表单。带 * 的栏目必填；填错的栏目旁会写明原因。", "Press {} and fill in the form. Fields marked * are required; a wrong field says why beside it."),
    say("点“保存”。保存后记录立即出现在列表中，并保存在本机浏览器里。", "Press Save. The record shows in the list at once and is kept in this browser."),
    with(T::Search, "[data-testid=\"search\"]", Act::Fill, "在{}框中输入标题、文号或备注中的几个字，列表只留下相符的记录；也可按单位和日期筛选。", "Type a few characters of a title, reference or note in {}: the list keeps only the records that match; you can also filter by office and date."),
    with(T::Edit, "[data-action=\"edit\"]", Act::Click, "要修改，点该行的{}；改好后保存。若另一个标签页已改过这条记录，本次修改不会覆盖它，页面会提示重新打开。", "To change a record, press {} on its row and save. If another tab changed it meanwhile, your edit is not saved over it: the page asks you to open it again."),
    with(T::Delete, "[data-action=\"delete\"]", Act::Click, "要删除，点该行的{}并确认。删除的记录在交换文件中仍以“已删除”传给上级，上级的副本也会删除它。", "To delete a record, press {} on its row and confirm. The deletion travels in the exchange file, so the office above deletes it too."),
    say("已由上级审核确认的月份（行上有锁形标记）不能修改或删除；如需更正，请上级退回该月。", "A month the office above has approved (rows with a lock sign) cannot be changed or deleted; to correct it, ask the office above to send the month back."),
];

const HISTORY: [Step; 3] = [
    with(T::History, "[data-testid=\"record-history\"]", Act::Click, "点记录行上的{}，查看这条记录的每一次修改：什么时间、通过表单还是导入了哪个文件（文件的 SHA-256 和发送单位）、哪些栏目从什么改成了什么。", "Press {} on a record's row to see every change to it: when, whether by the form or by importing which file (its SHA-256 and sender), and which fields changed from what to what."),
    say("撤销导入时，该次导入留下的修改记录一并撤销，并记下“撤销”。删除的记录也保留修改记录。", "Undoing an import takes its entries back and records the undo. Deleted records keep their history."),
    say("由导入新增的记录，第一条显示它随文件带来的各栏内容。若这些内容已无法确定（例如该记录曾被撤销导入后又导入），这一条只写明来自哪个文件，不会猜测。", "For a record an import added, the first entry shows the fields it came with. Where they can no longer be known for certain (the record's import was undone and it came again, say), the entry names only the file it came from, and guesses nothing."),
];

const LEDGER_TASKS: [Task; 2] = [
    task(
        "keep-ledger",
        "记台账：新增、查找、修改、删除",
        "Keep a ledger: add, find, change, delete",
        &KEEP_LEDGER,
    ),
    task(
        "record-history",
        "查看一条记录的修改记录（留痕）",
        "Read a record's history (留痕)",
        &HISTORY,
    ),
];

const READ_DASHBOARD: [Step; 4] = [
    go(T::Dashboard, "[data-nav=\"dashboard\"]"),
    with(T::OfficeAndAllUnderIt, "[data-testid=\"office-filter\"]", Act::Select, "在{}中选择单位：数字包括该单位及其下属全部单位。", "Choose an office under {}: the figures count it and every office under it."),
    say("选择起止日期，或点“本月”“本季度”“本年”及整顿各环节的按钮。筛选条件写在网址里，可以收藏或发给同事。每个图表下方都有同样数字的表格。", "Set the dates, or press This month, This quarter, This year or a phase of the campaign. The filters are part of the address, so a view can be bookmarked or sent. Under each chart is a table of the same figures."),
    with(T::ApprovedOnly, "[data-testid=\"approved-only\"]", Act::Click, "勾选{}，只统计上级已审核确认的月份（页面会注明）。", "Tick {} to count only the months approved by the office above (the page says so)."),
];

const OWN_OFFICE: [Step; 2] = [
    go(T::Offices, "[data-nav=\"offices\"]"),
    with(T::ThisCopyBelongsTo, "[data-testid=\"own-office-select\"]", Act::Select, "在{}中选择本单位。导出的文件以本单位名义签名，报送情况也按本单位统计。", "Choose your office under {}. Exported files are signed in its name, and reporting is counted for it."),
];

const CHECK_SENDER: [Step; 4] = [
    say("每个副本第一次导出时自动生成本机签名密钥，它的“指纹”显示在“单位”页。导入下级或上级的文件时，预览会写明发送单位和签名状态：已验证、未知密钥、未签名或无效。", "Each copy makes its signing key on its first export; its fingerprint is shown on the Offices screen. When you import a file, the preview names the sender and its signature: verified, unknown key, unsigned or invalid."),
    say("第一次收到某单位的文件（未知密钥）时，打电话请对方读出“单位”页上的指纹，与预览中的指纹逐组核对。", "The first time a file comes from an office (unknown key), phone them and have them read the fingerprint from their Offices screen; compare it group by group with the one in the preview."),
    on("exchange", T::TrustThisKey, "[data-testid=\"accept-key\"]", Act::Click, "一致时点{}。以后该单位用同一密钥签名的文件都显示为已验证；不一致或无效的文件不要导入，并告知对方。", "If it matches, press {}. From then on its files signed with that key show as verified. Do not import a file that does not match or is invalid; tell the sender."),
    with(T::ExportRoster, "[data-testid=\"export-roster\"]", Act::Click, "上级可点{}，把本单位和所辖单位的密钥名册发给下级；下级导入后，不必逐个电话核对。", "An office above can press {} and send its roster of keys down; once a district imports it, no more phone calls are needed."),
];

const CHANGE_OWN_OFFICE: [Step; 3] = [
    with(T::ThisCopyBelongsTo, "[data-testid=\"own-office-select\"]", Act::Select, "本机的签名密钥只代表本单位。本机签过名后，在{}中改选另一个单位，页面会先提示：将为新单位生成一把新密钥。确认才更换，取消则保持原单位。", "This copy's signing key speaks only for its own office. Once the copy has signed, choosing another office under {} warns first that a new key will be made for it. Confirm to change; cancel keeps the office."),
    say("原来的指纹仍列在“本机以前的密钥”中：只用于识别它签过的文件，不再签名。", "The old fingerprint stays listed among this copy's former keys: it recognises what it signed and signs nothing more."),
    say("下次导出后，把新指纹报给上级：上级收到文件时显示“未知密钥”，电话核对新指纹一致后再信任。", "After the next export, send the new fingerprint up: the office above sees an unknown key, compares the new fingerprint by phone and trusts it if it matches."),
];

const WITHDRAW_KEY: [Step; 4] = [
    go(T::Offices, "[data-nav=\"offices\"]"),
    with(T::TrustedKeys, "[data-testid=\"trusted-keys\"]", Act::Read, "{}按单位列出本机信任的每把密钥：指纹、来自哪个文件或名册、何时开始信任。电脑丢失、对方更换了密钥或误信了密钥时，找到该单位和指纹所在的一行。", "{} lists every key this copy trusts, by office: its fingerprint, the file or roster it came from, and since when. When a PC is lost, an office changed its key or a key was trusted by mistake, find the row of that office and fingerprint."),
    with(T::Withdraw, "[data-action=\"withdraw\"]", Act::Click, "点该行的{}，核对确认框中的单位和指纹后确认。", "Press {} on its row, check the office and fingerprint the confirmation names, and confirm."),
    say("撤销后，这把密钥签名的文件显示为“未知密钥”，报送情况不再计入它签名的文件；已导入的数据保留。", "Once withdrawn, files signed with that key show an unknown key and reporting no longer counts them; what was imported stays."),
];

const APP_LOCK: [Step; 10] = [
    with(T::TurnOnAppLock, "[data-testid=\"lock-set\"]", Act::Click, "多人共用的电脑上，在“单位”页点{}，两次输入口令（至少 8 个字符）。开启后本机保存的全部数据都先压缩、再加密，存取速度与不加密时相近。", "On a PC several people use, press {} on the Offices screen and type a passphrase twice (8 characters or more). From then on everything stored here is compressed, then encrypted, and saves and opens about as fast as without the lock."),
    with(T::RecoveryKeyKept, "[data-testid=\"recovery-done\"]", Act::Click, "页面随即显示恢复密钥：保存为文件或打印，与电脑分开保管，然后点{}。口令和恢复密钥都丢失时，数据无法找回。", "The page then shows a recovery key: save it as a file or print it, keep it apart from the PC, then press {}. Without both the passphrase and the recovery key, the data cannot be recovered."),
    with(T::LockNow, "[data-testid=\"lock-now\"]", Act::Click, "离开电脑时点页面顶部的{}。无人操作 15 分钟（可在“单位”页修改）也会自动锁定；所有标签页一起锁定、一起解锁。", "When you leave the PC, press {} at the top of the page. It also locks after 15 minutes without use (set on the Offices screen); all tabs lock and unlock together."),
    say("解锁时输入口令；忘记口令时在第二栏输入恢复密钥。连续输错后需要稍等再试。", "To unlock, type the passphrase; if it is forgotten, type the recovery key in the second field. After repeated wrong tries, wait before trying again."),
    say("在“单位”页可修改口令（数据不必重新加密）、输入口令换一个新的恢复密钥（旧的随即失效），或关闭应用锁（数据恢复为不加密保存）。", "On the Offices screen you can change the passphrase (nothing is re-encrypted), make a new recovery key with the passphrase (the old one stops working), or turn the lock off (everything is stored unencrypted again)."),
    say("若在另一个标签页关闭后又重新开启了应用锁（新的口令和密钥），尚未得知此事的标签页保存时会提示“台账已锁定，请先解锁”，不会用旧密钥写入任何内容：解锁后再保存即可。", "If the lock was turned off and on again in another tab (a new passphrase and key), a tab that has not heard of it says “Taizhang is locked: unlock it first” when it saves, and writes nothing under the old key: unlock, then save again."),
    say("在一个标签页修改口令或换新的恢复密钥时，若另一个标签页刚刚改动过应用锁，本次修改不会覆盖它，而是提示“本次修改未能写入数据库”：再做一次即可。", "If you change the passphrase or make a new recovery key in one tab just after another tab changed the lock, your change does not overwrite it: the page says the change did not reach the database; do it once more."),
    say("开启应用锁后，本单位签名用的密钥也只以加密形式保存，锁定时无法用它签名。原密钥无法加密，开启时会换用新密钥并显示新指纹：请把新指纹报给上级，由上级重新信任（原密钥保留，用于识别它签过的文件）。", "With the lock on, the key that signs your office's files is kept only encrypted too, and nothing can sign while the app is locked. The old key cannot be encrypted, so turning the lock on makes a new key and shows its fingerprint: give it to the office above to trust anew (the old key is kept to recognise what it signed)."),
    say("若有人绕过本应用改动了浏览器中加密保存的数据（例如用开发者工具移动、替换、删除或插入数据，或把较早的加密副本放回去，或改动应用锁本身未加密的记录），解锁时页面只显示“本机保存的台账数据在本应用之外被改动过”，不读取、不改动任何内容。此时点页面上的“清除本机数据，重新开始”，再导入最近一次导出的交换文件恢复。", "If someone changed the encrypted data in the browser outside this app (moved, replaced, deleted or planted values with the developer tools, or put an older encrypted copy back, or changed the lock's own unencrypted record, say), on unlock the page says only that the stored data was changed outside the app, and reads and changes nothing. Then press “Clear this copy's data and start over” on that page and import your latest exported exchange file."),
    say("应用锁开启时，浏览器数据库里连各条数据的存放名也不透露信息：信任的密钥不再以单位代码和指纹、发出的文件不再以其 SHA-256 摘要为名，而以加密保存的密钥算出的散列为名。关闭应用锁后恢复原名。", "While the app lock is on, not even the names data is stored under say anything: trusted keys are no longer filed by office code and fingerprint, nor files sent by their SHA-256, but by a keyed hash whose key is stored encrypted. Turning the lock off files them by their names again."),
];

const BACK_UP: [Step; 4] = [
    say("台账只保存在这台电脑的这个浏览器里，没有服务器。导出的文件就是备份：每月至少导出一次交换文件，存到单位指定的位置。", "The ledgers live only in this browser on this PC; there is no server. The exported file is the backup: export the exchange file at least once a month and keep it where your office keeps records."),
    say("清除浏览器的“网站数据”或“Cookie 和网站数据”、重装系统或换电脑，都会删除本机台账。换电脑时，在新电脑上导入最近的交换文件即可恢复。", "Clearing the browser's site data (cookies and site data), reinstalling the system or changing PCs deletes the ledgers here. On a new PC, import the latest exchange file to get them back."),
    say("“单位”页的存储状态显示浏览器是否会长期保存数据；若显示可能清除，请点按钮请浏览器长期保存，并按提醒导出备份。", "The storage status on the Offices screen says whether the browser keeps the data for good; if it may clear it, press the button to ask it to keep the data, and export backups when reminded."),
    with(T::ClearEverything, "[data-testid=\"clear-everything\"]", Act::Read, "{}会删除本机全部台账，先导出备份；删除前会再次询问。", "{} deletes every ledger here: export a backup first; it asks before it deletes."),
];

const OFFICE_TASKS: [Task; 6] = [
    task(
        "own-office",
        "设置本机属于哪个单位",
        "Set which office this copy is",
        &OWN_OFFICE,
    ),
    task(
        "change-own-office",
        "更换本单位（会生成新密钥）",
        "Change this copy's own office (a new key follows)",
        &CHANGE_OWN_OFFICE,
    ),
    task(
        "check-sender",
        "核对发送单位和密钥指纹",
        "Check a sender and its fingerprint",
        &CHECK_SENDER,
    ),
    task(
        "withdraw-key",
        "撤销一把密钥",
        "Withdraw a key",
        &WITHDRAW_KEY,
    ),
    task(
        "app-lock",
        "给应用加锁，保管恢复密钥",
        "Lock the app and keep the recovery key",
        &APP_LOCK,
    ),
    task(
        "back-up",
        "备份，以及清除浏览器数据会怎样",
        "Back up, and what clearing the browser's data does",
        &BACK_UP,
    ),
];

const IMPORT_WORKBOOK: [Step; 6] = [
    go(T::Exchange, "[data-nav=\"exchange\"]"),
    with(T::ChooseAFile, "[data-testid=\"import-file\"]", Act::Choose, "点{}，选择本单位原有的 Excel 或 WPS 台账（.xlsx、.xls、.et 或 .csv），也可以直接拖到这里。", "Press {} and choose your office's own Excel or WPS ledger (.xlsx, .xls, .et or .csv), or drop it here."),
    say("核对每张工作表是哪本台账、每一列对应哪个栏目。页面已按表头猜好，猜错的改过来即可；“说明”之类的工作表选“不导入”。", "Check which ledger each sheet is and which field each column holds. The page has guessed from the headers; correct what it got wrong, and leave sheets such as notes out."),
    with(T::ReadAndPreview, "[data-testid=\"sheet-continue\"]", Act::Click, "某列有不在选项中的值时，为它选一个对应的选项（同样的值只需选一次），然后点{}。若有单元格读不出来，页面按“工作表!单元格”列出每一处原因，改好工作簿后重新选择即可，什么也不会写入。", "Where a column holds values that are not among the choices, pick one for each (once per value), then press {}. If cells cannot be read, the page lists each with its sheet and cell (Sheet!A1) and why; correct the workbook and choose it again: nothing is written meanwhile."),
    with(T::ConfirmImport, "[data-testid=\"import-confirm\"]", Act::Click, "预览列出将新增、更新、不变和有冲突的记录。核对无误后点{}。", "The preview lists what will be added, updated, left as it is and what conflicts. When it is right, press {}."),
    with(T::UndoTheLastImport, "[data-testid=\"import-summary\"]", Act::Read, "导入后可以用{}完整撤销最近一次导入，直到台账再被修改（保存或删除一条记录或一个单位）为止：撤销会连同这些修改一起抹掉，所以修改之后不再提供撤销。同一个工作簿再导入一次不会重复记录。", "After the import, {} takes the last import back exactly, until the ledgers are next changed (a record or an office saved or deleted): the undo would wipe such a change too, so it is no longer offered after one. Importing the same workbook again adds nothing twice."),
];

const SEND_MONTH: [Step; 4] = [
    go(T::Exchange, "[data-nav=\"exchange\"]"),
    say("每月截止日前（默认次月 5 日，由上级设定），把本单位上月的台账报给上级。", "By the due day (the 5th of the next month unless the office above sets another), send last month's ledgers to the office above."),
    with(T::ExportJsonExchangeFile, "[data-testid=\"export-json\"]", Act::Click, "在“导入导出”页点{}。文件以本单位密钥签名，下载到本机，并记入“已发文件”。", "On the Exchange screen press {}. The file is signed with your office's key, downloaded, and listed under files sent."),
    say("把下载的 .json 文件通过 U 盘或单位邮箱交给上级。上级导入后回执会发回来，导入回执后“已发文件”显示“已收到”。", "Give the downloaded .json file to the office above on a USB stick or by office e-mail. Once they import it, their receipt comes back; import it, and the file shows as received."),
];

const SEND_PROTECTED: [Step; 3] = [
    with(T::ExportPassword, "[data-testid=\"export-password\"]", Act::Fill, "文件要经 U 盘或邮件外出时，在{}中输入至少 8 个字符的密码，再导出：交换文件成为加密的 ZIP，工作簿成为打开时要密码的 Excel 文件。", "When a file leaves on a USB stick or by e-mail, type a password of 8 characters or more in {} before exporting: the exchange file becomes an encrypted ZIP, the workbook an Excel file that asks the password when opened."),
    say("密码不要写在邮件或文件名里：另打电话或当面告诉对方。对方用本应用、7-Zip、WinRAR、360压缩、Excel 或 WPS 都能用这个密码打开。", "Never put the password in the e-mail or the file name: tell it by phone or in person. The recipient opens the file with it in this app, 7-Zip, WinRAR, 360压缩, Excel or WPS."),
    say("只需上报数字时，勾选“导出不含个人信息”：英模姓名、事迹和案件备注都不写入文件。工作簿的每张表都注明“本表已脱敏”；这样的文件或工作簿再导入时，本机已有的姓名、事迹和备注保持不变。", "When only figures need to go upward, tick the export without personal details: names of honoured people, deeds and case notes stay out of the file. Each sheet of such a workbook says it was redacted; imported again, such a file or workbook leaves the names, deeds and notes a copy holds as they are."),
];

const EXPORT_FOR_EXCEL: [Step; 3] = [
    go(T::Exchange, "[data-nav=\"exchange\"]"),
    say("需要在 Excel、WPS 或 LibreOffice 中查看一本台账时，点“导出 Excel 表格（CSV）”后的台账名，得到一个 .csv 文件，列与工作簿相同。", "To look at one ledger in Excel, WPS or LibreOffice, press the ledger's name after “Export for Excel (CSV)”, and a .csv file with the workbook's columns is downloaded."),
    say("任何单位填写的内容若以 =、+、-、@ 开头（例如 =HYPERLINK(…)），表格软件会把它当作公式执行。导出时这样的单元格前面加一个单引号 '，软件把它当作文字显示、不会执行；看到的单引号不是数据的一部分。", "Text any office typed that begins with =, +, - or @ (=HYPERLINK(…), for one) would run as a formula in a spreadsheet. Such cells are written behind an apostrophe ', so the program shows them as text and never runs them; the apostrophe you see is not part of the data."),
];

const TAKE_FILE: [Step; 4] = [
    go(T::Exchange, "[data-nav=\"exchange\"]"),
    with(T::ChooseAFile, "[data-testid=\"import-file\"]", Act::Choose, "点{}，选择下级报来的文件（或回执、审核确认文件、密钥名册）。加密文件会先询问密码。", "Press {} and choose the file a district sent (or a receipt, an approval or a roster). A protected file asks its password first."),
    with(T::TrustThisKey, "[data-testid=\"accept-key\"]", Act::Click, "第一次收到该单位的文件时，预览显示“未知密钥”：打电话请对方读出指纹，逐组核对一致后点{}。只有签名已验证的文件才计入报送情况。", "The first file from an office shows an unknown key: phone them, have them read their fingerprint, compare it group by group and, if it matches, press {}. Only files with a verified signature count in reporting."),
    with(T::ConfirmImport, "[data-testid=\"import-confirm\"]", Act::Click, "核对预览中的发送单位和签名状态，然后点{}。", "Check the sender and its signature in the preview, then press {}."),
];

const GIVE_RECEIPT: [Step; 3] = [
    go(T::Exchange, "[data-nav=\"exchange\"]"),
    with(T::DownloadReceipt, "[data-testid=\"receipt\"]", Act::Click, "导入下级文件后，在“导入记录”中该文件一行点{}，下载签名回执。", "After importing a district's file, press {} on its row under the import log to download a signed receipt."),
    say("把回执 .json 文件交回下级；下级导入后，即可确认上级已收到哪个文件。", "Give the receipt .json file back to the district; when they import it, they know which file you received."),
];

const TAKE_RECEIPT: [Step; 5] = [
    go(T::Exchange, "[data-nav=\"exchange\"]"),
    with(T::ChooseAFile, "[data-testid=\"import-file\"]", Act::Choose, "上级发回回执后，点{}，选择回执文件。回执只记录对方已收到哪个文件，不改动任何台账。", "When the office above sends a receipt back, press {} and choose it. A receipt only records which file they received; it changes no ledger."),
    with(T::TrustThisKey, "[data-testid=\"accept-key\"]", Act::Click, "只有上级密钥签名的回执才算数。本机第一次见到上级的密钥时，回执只显示、不计为已接收：打电话请上级念出指纹，一致后点{}。", "Only a receipt signed by the office above's key counts. The first time this copy sees that key, the receipt is shown and does not count: phone the office above, have them read out the fingerprint, and if it matches press {}."),
    with(T::ChooseAFile, "[data-testid=\"import-file\"]", Act::Choose, "再点{}，选择同一份回执。", "Press {} again and choose the same receipt."),
    with(T::FilesSent, "[data-testid=\"sent-files\"]", Act::Read, "{}中该文件显示“已收到”。被改动过、不属于本机所发文件或未经信任的密钥签名的回执都不算数。", "Under {} the file now shows as received. A receipt that was altered, names a file this copy never sent, or is signed by a key not trusted does not count."),
];

const EXCHANGE_TASKS: [Task; 7] = [
    task(
        "import-workbook",
        "导入本单位原有的 Excel 台账",
        "Import your office's own Excel ledger",
        &IMPORT_WORKBOOK,
    ),
    task(
        "send-month",
        "报送本月台账",
        "Send the month's ledgers",
        &SEND_MONTH,
    ),
    task(
        "send-protected",
        "发送加密文件，另行告知密码",
        "Send a protected file, and its password another way",
        &SEND_PROTECTED,
    ),
    task(
        "export-for-excel",
        "导出为 CSV，在表格软件中查看",
        "Export a CSV to read in a spreadsheet",
        &EXPORT_FOR_EXCEL,
    ),
    task(
        "take-file",
        "导入下级报来的文件",
        "Import a file a district sent",
        &TAKE_FILE,
    ),
    task(
        "give-receipt",
        "给下级回执",
        "Give a district its receipt",
        &GIVE_RECEIPT,
    ),
    task(
        "take-receipt",
        "导入上级发回的回执",
        "Take the receipt the office above sends back",
        &TAKE_RECEIPT,
    ),
];

const READ_MATRIX: [Step; 4] = [
    go(T::Submissions, "[data-nav=\"submissions\"]"),
    with(T::OfficeAndAllUnderIt, "[data-testid=\"office-filter\"]", Act::Select, "在{}中选择本单位，选好月份范围。", "Choose your office under {} and the months to show."),
    with(T::DueDay, "[data-submission]", Act::Read, "表中每个下级单位每个月一格：按时、逾期（截止日后才报）、未报；还未到截止日的月份不算未报。截止日在{}中设定。表下方是按时报送率和仍未报送的单位，可复制名单去催报。", "The table has a cell per district per month: on time, late (sent after the due day) or missing; a month whose due day has not passed is not yet missing. Set the due day under {}. Below are the on-time rates and the offices still missing, with a list you can copy to remind them."),
    say("只统计签名已验证的文件；未验证的文件在格中另有标记。", "Only files whose signature is verified are counted; others are marked in their cell."),
];

const APPROVE_MONTH: [Step; 3] = [
    with(T::Approve, "[data-testid=\"approve\"]", Act::Click, "核对下级某月数据无误后，在该格点{}，下载审核确认文件，交给下级。下级导入后该月锁定，不能再改动。", "Once a district's month is checked, press {} in its cell and give the approval file back to the district. When they import it, that month is locked against changes."),
    with(T::SendBack, "[data-testid=\"reopen\"]", Act::Click, "需要更正时点{}，写明理由，把退回文件交给下级；下级导入后该月重新开放。", "To have it corrected, press {}, write why, and give the file back; when the district imports it, the month opens again."),
    say("可设定截止日后多少天自动锁定下级当月数据。统计时可勾选“只计已审核确认的月份”。", "You can set how many days after the due day a district's month locks itself. Figures can count approved months only."),
];

const SUBMISSION_TASKS: [Task; 2] = [
    task(
        "read-matrix",
        "看报送情况表：按时、逾期、未报",
        "Read the reporting table: on time, late, missing",
        &READ_MATRIX,
    ),
    task(
        "approve-month",
        "审核确认或退回下级某月",
        "Approve or send back a district's month",
        &APPROVE_MONTH,
    ),
];

const WRITE_BRIEFING: [Step; 5] = [
    go(T::Briefing, "[data-nav=\"report\"]"),
    with(T::OfficeAndAllUnderIt, "[data-testid=\"office-filter\"]", Act::Select, "在{}中选择单位和时间段。简报按这些数字自动起草：开展学习教育、选树英模、办理问题线索的情况和排名。", "Choose the office under {} and the period. The briefing is drafted from those figures: education sessions, honoured models, cases handled and the ranking."),
    say("直接在文本框中修改文字。数字变化后页面会提示，可选用新稿或保留自己的修改。", "Edit the text in place. If the figures change later, the page says so and you choose the new draft or your edit."),
    with(T::DownloadWord, "[data-testid=\"export-docx\"]", Act::Click, "点{}，得到带表格和图表的 Word 文档，可在 Word 或 WPS 中继续编辑。", "Press {} for a Word document with the table and charts, to edit further in Word or WPS."),
    with(T::PrintA4, "[data-testid=\"report-print\"]", Act::Read, "也可以点{}，直接打印成带文头的 A4 简报。", "Or press {} to print it on A4 with the letterhead."),
];

const BRIEFING_TASKS: [Task; 1] = [task(
    "write-briefing",
    "写简报，导出 Word",
    "Write the briefing and export it to Word",
    &WRITE_BRIEFING,
)];

const DASHBOARD_TASKS: [Task; 1] = [task(
    "read-dashboard",
    "看数据总览",
    "Read the dashboard",
    &READ_DASHBOARD,
)];

const KEYBOARD: [Step; 4] = [
    say("全部功能都可以只用键盘完成：Tab 在按钮和输入框之间移动，Enter 或空格按下按钮，Esc 关闭表单和对话框。", "Everything works by keyboard alone: Tab moves between buttons and fields, Enter or Space presses a button, Esc closes a form or dialog."),
    say("每页第一次按 Tab 出现“跳到正文”，可越过页头和导航直接到本页内容。筛选框中可用方向键选择。", "The first Tab on a page offers Skip to content, past the header and the tabs. In the filters, the arrow keys choose."),
    say("看不清时用浏览器放大（Ctrl 加 +），放大到 200% 页面仍完整可用；每个图表下方都有同样数字的表格，读屏软件会朗读。", "If the text is small, zoom the browser (Ctrl and +): at 200% every screen still works. Under each chart is a table of the same figures, which screen readers read out."),
    say("右上角可随时在中文和 English 之间切换，切换后会记住。", "Switch between 中文 and English at the top right at any time; the choice is remembered."),
];

const HOSTING: [Step; 7] = [
    say("本应用是一组静态文件（dist 目录），放在任何静态网站服务器上即可使用，例如 nginx、IIS、Apache 或内网的文件服务器；不需要数据库，也不需要连接互联网。", "The app is a set of static files (the dist folder): put them on any static web server — nginx, IIS, Apache or an intranet file server. No database and no internet connection are needed."),
    say("可以放在子路径下（如 https://内网地址/taizhang/），所有文件用相对地址引用。建议开启 gzip 或 brotli 压缩，.wasm 文件的类型须为 application/wasm。", "It can live under a sub-path (such as https://intranet/taizhang/): every file is referenced relatively. Turn on gzip or brotli, and serve .wasm files as application/wasm."),
    say("请用 https 提供本页（或在本机用 localhost 打开）：浏览器只在 https 下提供签名和加密功能，签名文件和应用锁都需要它。", "Serve the page over https (or open it on localhost): browsers offer signing and encryption only there, and signed files and the app lock need them."),
    say("请给本应用单独的主机名或端口，不要和其他网页应用同在一个主机名下：同一“源”下的网页能读到本机台账和应用锁的解锁密钥。并在每个响应中加上 Content-Security-Policy: frame-ancestors 'none'，不让其他网页嵌入本页。", "Give the app a host name or port of its own, not shared with other web applications: any page of the same origin can read the ledgers kept here and the app lock's unlocked key. Send Content-Security-Policy: frame-ancestors 'none' with every response, so that no other page can frame this one."),
    say("打开时只下载总览所需的程序，其他各页、有数据的图表、报送率所用的导入记录、开启应用锁后的解锁页等部分在第一次用到时才下载，所以 dist 目录中的文件须全部放到服务器上。某部分未能下载时（如网络中断），页面会在相应位置说明，数据不受影响，检查网络后刷新即可。", "On opening, the page downloads only what the dashboard needs; the other screens, the charts with data, the import records the reporting rate counts from, the unlock form of a locked copy and the like come the first time they are needed, so every file of the dist folder must be on the server. If a part cannot be downloaded (the network is down, say), the page says so where it would be; the data is not touched; check the network and reload."),
    say("第一次打开后，本页断网也能使用。更新时替换服务器上的文件即可：已打开的页面在一小时内发现新版本，完整下载后提示“更新”，用户点击后切换，已录入的数据不受影响。", "After the first visit the page works with the network cut. To update, replace the files on the server: open pages find the new version within the hour and, once it is downloaded whole, offer Update; the data entered is not touched."),
    say("数据保存在每位用户自己的浏览器中，服务器上没有任何台账数据，也不记录任何操作。", "The data stays in each user's own browser: the server holds no ledger data and records nothing of what users do."),
];

const GENERAL_TASKS: [Task; 2] = [
    task(
        "keyboard",
        "只用键盘、放大字号使用",
        "Use it by keyboard and with large text",
        &KEYBOARD,
    ),
    task(
        "hosting",
        "部署：放在单位内网上（给管理员）",
        "Hosting it on the office intranet (for administrators)",
        &HOSTING,
    ),
];

/// The whole guide, in the order it is read.
pub const PARTS: [Part; 10] = [
    Part {
        id: "dashboard",
        screen: "dashboard",
        title: T::Dashboard,
        intro: Text::new("数据总览按单位和时间段统计三本台账的主要数字，并画出图表。", "The dashboard counts the three ledgers' main figures for an office and a period, and charts them."),
        tasks: &DASHBOARD_TASKS,
    },
    Part {
        id: "training_sessions",
        screen: "training_sessions",
        title: T::NavTraining,
        intro: Text::new("学习教育台账记录每一次学习教育、培训和警示教育活动。", "The training ledger records each education, training and warning-education session."),
        tasks: &LEDGER_TASKS,
    },
    Part {
        id: "honoured_models",
        screen: "honoured_models",
        title: T::NavModels,
        intro: Text::new("英模台账记录选树宣传的英雄模范个人和集体。", "The honoured models ledger records the individuals and collectives honoured."),
        tasks: &LEDGER_TASKS,
    },
    Part {
        id: "cases",
        screen: "cases",
        title: T::NavCases,
        intro: Text::new("问题线索台账记录受理的问题线索及其办理情况。", "The cases ledger records the leads received and how each was handled."),
        tasks: &LEDGER_TASKS,
    },
    Part {
        id: "offices",
        screen: "offices",
        title: T::Offices,
        intro: Text::new("“单位”页维护单位名单，设置本机属于哪个单位，管理签名密钥、应用锁和本机存储。", "The Offices screen keeps the list of offices, which office this copy is, its signing key, the app lock and this browser's storage."),
        tasks: &OFFICE_TASKS,
    },
    Part {
        id: "exchange",
        screen: "exchange",
        title: T::Exchange,
        intro: Text::new("单位之间用文件交换台账：下级导出、上级导入；也可以导入本单位原有的 Excel 台账。", "Offices exchange ledgers as files: a district exports, its city imports; your office's own Excel ledger imports here too."),
        tasks: &EXCHANGE_TASKS,
    },
    Part {
        id: "submissions",
        screen: "submissions",
        title: T::Submissions,
        intro: Text::new("报送情况页给上级看：每个下级每月是否按时报送，以及审核确认。", "The reporting screen is for the office above: whether each district sent each month on time, and approving months."),
        tasks: &SUBMISSION_TASKS,
    },
    Part {
        id: "report",
        screen: "report",
        title: T::Briefing,
        intro: Text::new("简报页按所选单位和时间段起草简报，可修改、打印或导出 Word。", "The briefing screen drafts a briefing for an office and period, to edit, print or export to Word."),
        tasks: &BRIEFING_TASKS,
    },
    Part {
        id: "everyone",
        screen: "",
        title: T::HelpForEveryone,
        intro: Text::new("不论在哪一页都适用的用法。", "What applies on every screen."),
        tasks: &GENERAL_TASKS,
    },
    Part {
        id: "safety",
        screen: "",
        title: T::HelpKeepingDataSafe,
        intro: Text::new("台账含有涉及干警的问题线索，请按以下方法保管。", "The ledgers hold leads about staff: keep them as follows."),
        tasks: &[
            task("back-up", "备份，以及清除浏览器数据会怎样", "Back up, and what clearing the browser's data does", &BACK_UP),
            task("send-protected", "发送加密文件，另行告知密码", "Send a protected file, and its password another way", &SEND_PROTECTED),
            task("app-lock", "给应用加锁，保管恢复密钥", "Lock the app and keep the recovery key", &APP_LOCK),
        ],
    },
];

/// The part for a screen, by its key.
pub fn part_for(screen: &str) -> Option<&'static Part> {
    PARTS
        .iter()
        .find(|p| p.screen == screen && !screen.is_empty())
}
