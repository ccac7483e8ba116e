//! The words for what the domain finds wrong: a record's broken rules, a
//! file's problems, a merge the user's choices cannot make.

use super::counted;
use super::Worded;
use taizhang_core::base::problem::{Expected, FileProblem, Problem, Rule};
use taizhang_core::exchange::{ImportError, MergeError};
use taizhang_core::ledgers::fields::{self, Value};
use taizhang_core::trust::JwsFault;
use taizhang_core::{Kind, Lang, Message, Text};

impl Worded for Problem {
    #[rustfmt::skip]
    fn message(&self) -> Message {
        self.rule.message()
    }
}

impl Worded for ImportError {
    #[rustfmt::skip]
    fn message(&self) -> Message {
        self.problem.message()
    }
}

impl Worded for MergeError {
    #[rustfmt::skip]
    fn message(&self) -> Message {
        let codes = self.offices().join("、");
        Message::new(
            format!("这样选择会使单位 {codes} 的上下级形成循环。请对这些单位作相同的选择（都保留本地或都采用文件中的）。"),
            format!("These choices would make the parent links of offices {codes} a cycle. Choose the same for all of them (keep mine, or take theirs)."),
        )
    }
}

impl Worded for Rule {
    #[rustfmt::skip]
    fn message(&self) -> Message {
        match self {
            Rule::Required => Message::new("必填", "required"),
            Rule::NotADate => Message::new("不是有效日期（YYYY-MM-DD）", "not a valid date (YYYY-MM-DD)"),
            Rule::NotANumber => Message::new("不是有效数字", "not a valid number"),
            Rule::NotAWholeNumber => Message::new("须为 0 或正整数", "must be a whole number, 0 or more"),
            Rule::NotAChoice => Message::new("不是可选的值", "not one of the choices"),
            Rule::TooLong { max, has } => Message::new(format!("不能超过 {max} 个字（现有 {has} 个）"), format!("at most {} (has {has})", counted(*max, "character", "characters"))),
            Rule::CountOutOfRange { max } => Message::new(format!("应在 0 到 {max} 之间"), format!("must be between 0 and {max}")),
            Rule::HoursOutOfRange { max } => Message::new(format!("学时应在 0 到 {max} 之间"), format!("hours must be between 0 and {max}")),
            Rule::BadCode => Message::new("编码须为 1–64 个字母、数字、下划线或连字符", "code must be 1–64 letters, digits, _ or -"),
            Rule::OwnParent => Message::new("上级单位不能是本单位", "an office cannot be its own parent"),
            Rule::ParentBelowItself => Message::new("上级单位不能是本单位或其下级", "the parent cannot be this office or one of its descendants"),
            Rule::CodeUsedTwice(code) => Message::new(format!("编码“{code}”重复"), format!("code {code:?} is used twice")),
            Rule::CodeCannotChange(old) => Message::new(format!("单位编码不能修改（原为“{old}”）"), format!("the code cannot change (was {old:?})")),
            Rule::NoSuchParent(parent) => Message::new(format!("上级单位“{parent}”不存在"), format!("parent office {parent:?} does not exist")),
            Rule::ParentCycle => Message::new("上级关系形成循环", "the parent links form a cycle"),
            Rule::NoSuchOffice(office) => Message::new(format!("单位“{office}”不存在"), format!("office {office:?} does not exist")),
            Rule::RevisionBelowOne => Message::new("版本号至少为 1", "revision must be at least 1"),
            Rule::EndBeforeStart => Message::new("结束日期早于开始日期", "end date is before the start date"),
            Rule::DeadlineBeforeReceived => Message::new("办理期限早于受理日期", "deadline is before the received date"),
            Rule::ResolvedNeedsDate => Message::new("已办结的线索须填写办结日期", "a resolved case needs its resolved date"),
            Rule::OpenHasResolvedDate => Message::new("未办结的线索不能有办结日期", "only a resolved case has a resolved date"),
            Rule::ResolvedBeforeReceived => Message::new("办结日期早于受理日期", "resolved date is before the received date"),
            Rule::ResolvedNeedsOutcome => Message::new("已办结的线索须填写办理结果", "a resolved case needs its outcome"),
            Rule::OpenHasOutcome => Message::new("未办结的线索不能有办理结果", "only a resolved case has an outcome"),
            Rule::FormUnreadable(detail) => Message::new(format!("表单无法读取：{detail}"), format!("the form cannot be read: {detail}")),
        }
    }
}

fn expected(what: Expected) -> (&'static str, &'static str) {
    match what {
        Expected::Text => ("字符串", "a string"),
        Expected::Uuid => ("UUID 字符串", "a UUID string"),
        Expected::WholeNumber => ("0 或正整数", "a whole number, 0 or more"),
        Expected::Number => ("数字", "a number"),
        Expected::TrueOrFalse => ("true 或 false", "true or false"),
        Expected::Date => ("YYYY-MM-DD 格式的日期", "a YYYY-MM-DD date"),
        Expected::Timestamp => (
            "RFC 3339 UTC 时间（如 2021-04-20T10:00:00Z）",
            "an RFC 3339 UTC time (e.g. 2021-04-20T10:00:00Z)",
        ),
    }
}

impl Worded for FileProblem {
    #[rustfmt::skip]
    fn message(&self) -> Message {
        match self {
            FileProblem::TooLarge { megabytes, limit } => Message::new(format!("文件太大（{megabytes} MB），超过 {limit} MB 的上限，无法安全导入。请按单位或时段分批导出。"), format!("The file is too large ({megabytes} MB; the limit is {limit} MB) to import safely. Export it in parts, by office or period.")),
            FileProblem::NotUtf8 { byte } => Message::new(format!("文件不是 UTF-8 编码（第 {byte} 个字节起），请用 UTF-8 保存后再导入"), format!("The file is not UTF-8 (from byte {byte}): save it as UTF-8 and import again")),
            FileProblem::NestedTooDeep { line, column, limit: Some(limit) } => Message::new(format!("第 {line} 行第 {column} 列：嵌套超过 {limit} 层，不是台账交换文件"), format!("line {line}, column {column}: nested more than {limit} levels deep; this is not an exchange file")),
            FileProblem::NestedTooDeep { line, column, limit: None } => Message::new(format!("第 {line} 行第 {column} 列：嵌套层数过深，不是台账交换文件"), format!("line {line}, column {column}: nested too deeply for an exchange file")),
            FileProblem::EndsEarly { line, column } => Message::new(format!("文件在第 {line} 行第 {column} 列意外结束（可能不完整）"), format!("the file ends unexpectedly at line {line}, column {column} (it may be incomplete)")),
            FileProblem::Malformed { line, column, detail } => Message::new(format!("第 {line} 行第 {column} 列：JSON 格式错误"), format!("line {line}, column {column}: malformed JSON ({detail})")),
            FileProblem::NotAnObject => Message::new("文件应为一个 JSON 对象 {…}，不是台账交换文件", "The file must be a JSON object {…}; this is not an exchange file"),
            FileProblem::KeyTwice(key) => Message::new(format!("字段“{key}”出现了不止一次"), format!("the key {key:?} appears more than once")),
            FileProblem::WrongFormat { expected, found } => Message::new(format!("“format”应为“{expected}”，而不是 {found}：这不是台账交换文件"), format!("\"format\" must be \"{expected}\", not {found}: this is not an exchange file")),
            FileProblem::MissingFormat => Message::new("缺少“format”：这不是台账交换文件", "missing \"format\": this is not an exchange file"),
            FileProblem::NewerVersion { found, reads } => Message::new(format!("此文件由更新版本的台账生成（格式版本 {found}），本版本只能读取版本 {reads}。请升级台账后再导入。"), format!("This file was made by a newer version of the app (format version {found}); this version reads version {reads}. Update the app, then import it.")),
            FileProblem::UnknownVersion(v) => Message::new(format!("未知的格式版本 {v}"), format!("unknown format version {v}")),
            FileProblem::MissingVersion => Message::new("缺少“version”", "missing \"version\""),
            FileProblem::BadExportedAt => Message::new("“exported_at”应为 RFC 3339 UTC 时间（如 2021-04-20T10:00:00Z）", "\"exported_at\" must be an RFC 3339 UTC time (e.g. 2021-04-20T10:00:00Z)"),
            FileProblem::MissingExportedAt => Message::new("缺少“exported_at”", "missing \"exported_at\""),
            FileProblem::BadSourceOffice => Message::new("“source_office”应为单位编码字符串", "\"source_office\" must be an office code string"),
            FileProblem::UnknownKey(key) => Message::new(format!("未知字段“{key}”"), format!("unknown key {key:?}")),
            FileProblem::MissingTable(kind) => {
                let key = kind.key();
                Message::new(format!("缺少“{key}”（可以是空数组 []）"), format!("missing \"{key}\" (it may be an empty array [])"))
            }
            FileProblem::NotAnArray => Message::new("应为数组 […]", "must be an array […]"),
            FileProblem::RecordNotAnObject => Message::new("应为一个对象 {…}", "must be an object {…}"),
            FileProblem::MissingKey(key) => Message::new(format!("缺少字段“{key}”"), format!("missing key {key:?}")),
            FileProblem::WrongType { expected: what, nullable, found } => {
                let (zh, en) = expected(*what);
                let (or_zh, or_en) = if *nullable { ("或 null", " or null") } else { ("", "") };
                Message::new(format!("应为{zh}{or_zh}，而不是 {found}"), format!("must be {en}{or_en}, not {found}"))
            }
            FileProblem::NotAllowed { found, allowed } => Message::new(format!("“{found}”不是可选值，应为：{}", allowed.join("、")), format!("{found} is not allowed; use one of: {}", allowed.join(", "))),
            FileProblem::Unreadable(detail) => Message::new(format!("无法读取：{detail}"), format!("cannot be read: {detail}")),
            FileProblem::IdUsedTwice { first } => Message::new(format!("id 与 {first} 重复"), format!("the id is also used at {first}")),
            FileProblem::Record(rule) => rule.message(),
            FileProblem::WpsWorkbook => Message::new("这是 WPS 表格专用格式（.et），无法直接读取：请在 WPS 中“另存为” Excel 工作簿（.xlsx）后再导入", "This is WPS's own spreadsheet format (.et), which cannot be read here: in WPS, save it as an Excel workbook (.xlsx) and import that"),
            FileProblem::BadReceipt(detail) => Message::new(format!("回执文件有误（{detail}），无法读取"), format!("The receipt is malformed ({detail}) and cannot be read")),
            FileProblem::BadApproval(detail) => Message::new(format!("审核文件有误（{detail}），无法读取"), format!("The approval file is malformed ({detail}) and cannot be read")),
            FileProblem::MonthLocked { month, by } => Message::new(format!("{month} 的台账已由“{by}”审核确认并锁定，不能再修改、删除或导入改动；如需更正，请上级退回该月"), format!("The ledgers of {month} were approved by {by} and are locked: no record of that month can be changed, deleted or changed by an import; to correct one, ask the office above to send the month back")),
            FileProblem::ApprovalNotForThisOffice { office } => Message::new(format!("这份审核文件是给“{office}”的，不是本单位的，未作任何更改"), format!("This approval is for {office}, not for this office; nothing was changed")),
            FileProblem::ApprovalNotFromAbove { by } => Message::new(format!("审核文件由“{by}”签发，但它不是本单位的上级，不予采用"), format!("The approval was issued by {by}, which is not above this office; it is refused")),
            FileProblem::ApprovalNotTrusted { by } => Message::new(format!("审核文件自称由“{by}”签发，但没有签名，或签名的密钥未被信任为该单位的密钥，不予采用"), format!("The approval says it comes from {by}, but it is unsigned or signed by a key not trusted for that office; it is refused")),
            FileProblem::EncryptedWorkbookUnsupported(what) => Message::new(format!("此工作簿的加密方式本应用不支持（{what}）：请在 Excel 或 WPS 中打开后，用“用密码进行加密”重新保存为 .xlsx"), format!("This workbook is encrypted by a method this app does not read ({what}): open it in Excel or WPS and save it again as .xlsx with “Encrypt with Password”")),
            FileProblem::EncryptedWorkbookAltered => Message::new("加密工作簿的内容与它的完整性校验不符：文件在加密之后被改动过或已损坏，未导入任何内容。请向发送单位索取原文件", "The encrypted workbook does not match its integrity check: it was changed after it was encrypted, or is damaged; nothing was imported. Ask the sender for the original file"),
            FileProblem::EncryptedWorkbookCorrupted => Message::new("加密的工作簿已损坏或不完整，无法打开，未作任何更改", "The encrypted workbook is damaged or incomplete and cannot be opened; nothing was changed"),
            FileProblem::BadRedacted => Message::new("“redacted”（是否脱敏）只能是 true 或 false", "“redacted” must be true or false"),
            FileProblem::PasswordNeeded => Message::new("此文件受密码保护：请输入发送单位另行告知的密码。", "This file is protected by a password: enter the password the sending office gave you separately."),
            FileProblem::WrongPassword => Message::new("密码不正确，文件未打开，未作任何更改。请核对后重试。", "The password is wrong: the file was not opened and nothing was changed. Check it and try again."),
            FileProblem::PasswordTooShort => Message::new("密码至少需要 8 个字符。", "The password needs at least 8 characters."),
            FileProblem::ZipNotOneFile(n) => Message::new(format!("压缩包中应当只有一个交换文件，实际有 {n} 个文件，未作任何更改"), format!("The archive should hold exactly one exchange file; it holds {n}. Nothing was changed")),
            FileProblem::ZipPathOutside(name) => Message::new(format!("压缩包中的文件名“{name}”不是包内的相对路径（如 ../、绝对路径、盘符或反斜杠），会指向压缩包以外的位置，已拒绝，未作任何更改"), format!("The archive's file name {name:?} is not a relative path inside it (../, an absolute path, a drive letter or backslashes) and points outside the archive; refused, nothing was changed")),
            FileProblem::ZipTooLarge { limit } => Message::new(format!("压缩包中的文件解压后超过 {} MB（可能是“压缩炸弹”），已拒绝", limit / 1_048_576), format!("The file in the archive unpacks to more than {} MB (possibly a zip bomb); refused", limit / 1_048_576)),
            FileProblem::ZipUnsupported(what) => Message::new(format!("压缩包使用了本应用不支持的压缩或加密方式（{what}）：请用 7-Zip 以 ZIP 格式、AES-256 加密重新压缩"), format!("The archive uses a compression or encryption method this app does not read ({what}): compress it again with 7-Zip as ZIP with AES-256")),
            FileProblem::ZipCorrupted(detail) => Message::new(format!("压缩包内容校验失败（{detail}）：文件已损坏或不完整，未作任何更改"), format!("The archive's content fails its check ({detail}): the file is damaged or incomplete; nothing was changed")),
            FileProblem::ZipUnreadable(detail) => Message::new(format!("无法读取此压缩包（{detail}），未作任何更改"), format!("This archive cannot be read ({detail}); nothing was changed")),
            FileProblem::ApprovalFromOwnKey => Message::new("这份审核文件由本机自己的密钥签名：本机不能审核本单位的台账，不予采用", "This approval is signed by this copy's own key: a copy cannot approve its own ledgers; it is refused"),
            FileProblem::ApprovalInFuture { at } => Message::new(format!("审核文件的时间 {at} 比本机时钟晚一天以上，不予采用"), format!("The approval is dated {at}, more than a day after this computer's clock; it is refused")),
            FileProblem::ApprovalNotBelow { office } => Message::new(format!("“{office}”不是本单位的下级单位：只能审核或退回下级单位的月份"), format!("{office} is not under this office: only the months of offices under it can be approved or sent back")),
            FileProblem::OutOfReach { office, signer } => Message::new(format!("此行属于“{office}”，但签名单位“{signer}”只能代表本单位及其下级单位：整个文件未导入"), format!("This row belongs to {office}, but the signing office {signer} may speak only for itself and the offices under it: nothing of the file was imported")),
            FileProblem::RosterOutOfReach { office, issuer } => Message::new(format!("名册为“{office}”列出了密钥，但签发单位“{issuer}”只能为本单位及其下级单位担保：未信任名册中的任何密钥"), format!("The roster lists a key for {office}, but its issuer {issuer} may vouch only for itself and the offices under it: none of its keys was trusted")),
            FileProblem::BadRoster(detail) => Message::new(format!("密钥名册有误（{detail}），未信任其中任何密钥"), format!("The roster of keys is malformed ({detail}); none of its keys was trusted")),
            FileProblem::RosterNotSigned => Message::new("这份密钥名册没有签名：只接受上级签名的名册，未信任其中任何密钥", "This roster of keys is not signed: only a roster signed by the office above is taken; none of its keys was trusted"),
            FileProblem::Signature(fault) => signature_fault(fault),
            FileProblem::ReceiptDoesNotFit { file_name, field } => Message::new(format!("这份回执说的是本浏览器导出的“{file_name}”，但其中的“{field}”与导出的文件不符（回执可能被改动过），未作任何更改"), format!("This receipt names “{file_name}”, which this browser exported, but its “{field}” does not match the file exported (the receipt may have been altered); nothing was changed")),
            FileProblem::ReceiptForUnknownFile { file_name } => Message::new(format!("这是“{file_name}”的回执，但本浏览器没有导出过这个文件（文件指纹不符），未作任何更改"), format!("This is a receipt for “{file_name}”, but this browser never exported that file (its fingerprint matches none); nothing was changed")),
            FileProblem::CellNotADate(found) => Message::new(format!("“{found}”不是日期：可写作 2021-03-15、2021/3/15、2021.3.15、2021年3月15日 或 20210315"), format!("{found:?} is not a date: write it as 2021-03-15, 2021/3/15, 2021.3.15, 2021年3月15日 or 20210315")),
            FileProblem::CellNotANumber(found) => Message::new(format!("“{found}”不是数字"), format!("{found:?} is not a number")),
            FileProblem::CellNotAWholeNumber(found) => Message::new(format!("“{found}”不是 0 或正整数"), format!("{found:?} is not a whole number, 0 or more")),
            FileProblem::CellNotAChoice { kind, field, found } => cell_not_a_choice(*kind, field, found),
            FileProblem::UnreadableWorkbook(detail) => Message::new(format!("无法读取此表格文件（{detail}）：请在 Excel 或 WPS 中另存为 .xlsx 后再导入"), format!("This spreadsheet cannot be read ({detail}): save it as .xlsx in Excel or WPS and import that")),
        }
    }
}

/// A cell that matched none of a field's choices: the choices, by label.
fn cell_not_a_choice(kind: Kind, field: &str, found: &str) -> Message {
    let def = fields::field(kind, field);
    let label = def.map_or(Text::new("", ""), |d| d.label);
    let options = match def.map(|d| d.value) {
        Some(Value::Choice(options)) => options(),
        _ => Vec::new(),
    };
    let list = |lang: Lang| {
        options
            .iter()
            .map(|(_, text)| text.get(lang))
            .collect::<Vec<_>>()
    };
    Message::new(
        format!(
            "“{found}”不是“{}”的可选值（{}），可在“取值对应”中指定",
            label.zh,
            list(Lang::Zh).join("、")
        ),
        format!(
            "{found:?} is not a choice of {} ({}); map it in “Values”",
            label.en,
            list(Lang::En).join(", ")
        ),
    )
}

/// Why a signed file is refused before any key is used.
#[rustfmt::skip]
fn signature_fault(fault: &JwsFault) -> Message {
    match fault {
        JwsFault::Missing(member) => Message::new(format!("签名文件缺少“{member}”，无法核验"), format!("The signed file lacks “{member}” and cannot be checked")),
        JwsFault::NotBase64url(member) => Message::new(format!("签名文件的“{member}”不是 base64url 编码：文件已损坏"), format!("The signed file's “{member}” is not base64url: the file is damaged")),
        JwsFault::HeaderNotJson(detail) => Message::new(format!("签名文件的头部无法读取（{detail}）"), format!("The signed file's header cannot be read ({detail})")),
        JwsFault::Algorithm(alg) => Message::new(format!("签名算法“{alg}”不被接受（只接受 ES256）"), format!("The signature algorithm “{alg}” is not accepted (only ES256 is)")),
        JwsFault::Type(typ) => Message::new(format!("签名文件的类型“{typ}”不对（应为 taizhang+jws）"), format!("The signed file's type “{typ}” is wrong (it must be taizhang+jws)")),
        JwsFault::NotP256 => Message::new("签名所附的公钥不是 P-256 椭圆曲线密钥", "The key the file was signed with is not an EC key on P-256"),
        JwsFault::KidNotFingerprint => Message::new("签名头部的指纹（kid）与所附公钥不符：文件在签名后被改动过，或签名已损坏", "The header's fingerprint (kid) is not that of its key: the file was changed after signing, or the signature is broken"),
        JwsFault::SignatureLength(n) => Message::new(format!("签名长度为 {n} 字节，应为 64 字节：签名已损坏"), format!("The signature is {n} bytes long, not 64: the signature is broken")),
        JwsFault::UnknownContent(cty) => Message::new(format!("签名文件声明的内容“{cty}”不是台账的文件"), format!("The signed file says it holds “{cty}”, which is no Taizhang file")),
        JwsFault::DoesNotVerify => Message::new("签名核验不通过：文件在签名后被改动过，或签名已损坏", "The signature does not verify: the file was changed after it was signed, or the signature is broken"),
        JwsFault::OfficeNotSender { signed_by, says } => Message::new(format!("文件自称来自“{says}”，却由“{signed_by}”的密钥签名：不能确认发送单位"), format!("The file says it comes from {says:?} but was signed by the key of {signed_by:?}: its sender cannot be confirmed")),
        JwsFault::ContentNotFormat { cty, format } => Message::new(format!("签名头部说内容是“{cty}”，而文件本身是“{}”：文件在签名后被改动过", format.as_deref().unwrap_or("?")), format!("The header says the file is “{cty}” but the file itself is “{}”: it was changed after signing", format.as_deref().unwrap_or("?"))),
    }
}
