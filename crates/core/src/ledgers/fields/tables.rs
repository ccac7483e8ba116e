//! The four declarations: each ledger's fields and the offices', in form order.

use super::{def, or_null, personal, starting_at, FieldDef, Value};
use crate::ledgers::enums::*;

const TITLE: Value = Value::Text { min: 1, max: 200 };
const NOTES: FieldDef = def(
    "notes",
    "备注",
    "Notes",
    Value::LongText { max: 4000 },
    &["备注"],
);
const OFFICE: FieldDef = def(
    "office",
    "单位",
    "Office",
    Value::OfficeRef,
    &["单位", "单位名称", "填报单位", "所属单位"],
);
const ID: FieldDef = def("id", "记录编号", "Record id", Value::Id, &["记录ID"]);
const REVISION: FieldDef = def("revision", "版本号", "Revision", Value::Revision, &[]);
const UPDATED_AT: FieldDef = def(
    "updated_at",
    "修改时间",
    "Updated at",
    Value::Timestamp,
    &[],
);
const DELETED: FieldDef = def("deleted", "已删除", "Deleted", Value::Deleted, &[]);

/// In the order the entry form shows them (identity and version last: not typed).
pub(super) const TRAINING_SESSIONS: &[FieldDef] = &[
    def(
        "title",
        "活动名称",
        "Title",
        TITLE,
        &["活动名称", "活动主题", "名称", "主题"],
    ),
    OFFICE,
    starting_at(
        def(
            "kind",
            "类型",
            "Kind",
            Value::Choice(TrainingKind::options),
            &["活动类型", "类型", "活动类别"],
        ),
        TrainingKind::PoliticalRotation.code(),
    ),
    starting_at(
        def(
            "format",
            "形式",
            "Format",
            Value::Choice(TrainingFormat::options),
            &["活动形式", "形式", "方式"],
        ),
        TrainingFormat::InPerson.code(),
    ),
    def(
        "start_date",
        "开始日期",
        "Start date",
        Value::Date,
        &["开始日期", "开始时间", "活动日期", "日期"],
    ),
    def(
        "end_date",
        "结束日期",
        "End date",
        Value::Date,
        &["结束日期", "结束时间"],
    ),
    def(
        "participants",
        "参加人次",
        "Participants",
        Value::Count,
        &["参加人次", "参训人次", "参学人次", "人次", "参加人数"],
    ),
    or_null(def(
        "hours",
        "学时",
        "Hours",
        Value::Hours,
        &["学时", "时长"],
    )),
    NOTES,
    ID,
    REVISION,
    UPDATED_AT,
    DELETED,
];

pub(super) const HONOURED_MODELS: &[FieldDef] = &[
    personal(def(
        "name",
        "姓名/集体名称",
        "Name",
        TITLE,
        &["姓名/集体名称", "姓名", "集体名称", "先进典型", "名称"],
    )),
    OFFICE,
    starting_at(
        def(
            "kind",
            "类别",
            "Kind",
            Value::Choice(ModelKind::options),
            &["个人/集体", "典型类别", "类别"],
        ),
        ModelKind::Individual.code(),
    ),
    def(
        "title",
        "荣誉称号",
        "Honour",
        TITLE,
        &["荣誉称号", "称号", "表彰称号"],
    ),
    starting_at(
        def(
            "level",
            "荣誉级别",
            "Level",
            Value::Choice(HonourLevel::options),
            &["表彰级别", "级别", "荣誉级别"],
        ),
        HonourLevel::County.code(),
    ),
    def(
        "awarded_on",
        "授予日期",
        "Awarded on",
        Value::Date,
        &["表彰日期", "授予日期", "授予时间"],
    ),
    personal(def(
        "deeds",
        "主要事迹",
        "Deeds",
        Value::LongText { max: 4000 },
        &["主要事迹", "事迹", "先进事迹"],
    )),
    personal(NOTES),
    ID,
    REVISION,
    UPDATED_AT,
    DELETED,
];

pub(super) const CASES: &[FieldDef] = &[
    def(
        "reference",
        "线索编号",
        "Reference",
        Value::Text { min: 1, max: 64 },
        &["线索编号", "编号", "案号"],
    ),
    OFFICE,
    starting_at(
        def(
            "source",
            "线索来源",
            "Source",
            Value::Choice(CaseSource::options),
            &["线索来源", "来源"],
        ),
        CaseSource::SupervisionGroup.code(),
    ),
    starting_at(
        def(
            "category",
            "问题类别",
            "Category",
            Value::Choice(CaseCategory::options),
            &["问题类别", "问题类型", "类别"],
        ),
        CaseCategory::Interference.code(),
    ),
    def(
        "received_on",
        "受理日期",
        "Received on",
        Value::Date,
        &["受理日期", "接收日期", "交办日期"],
    ),
    or_null(def(
        "deadline",
        "办理期限",
        "Deadline",
        Value::Date,
        &["办结时限", "期限", "限办日期"],
    )),
    starting_at(
        def(
            "status",
            "办理状态",
            "Status",
            Value::Choice(CaseStatus::options),
            &["办理状态", "状态", "进展"],
        ),
        CaseStatus::Received.code(),
    ),
    or_null(def(
        "resolved_on",
        "办结日期",
        "Resolved on",
        Value::Date,
        &["办结日期", "办结时间"],
    )),
    or_null(def(
        "outcome",
        "办理结果",
        "Outcome",
        Value::Choice(CaseOutcome::options),
        &["处理结果", "办理结果", "结果"],
    )),
    personal(NOTES),
    ID,
    REVISION,
    UPDATED_AT,
    DELETED,
];

pub(super) const OFFICES: &[FieldDef] = &[
    def("code", "单位编码", "Code", Value::Code, &["单位代码"]),
    def(
        "name",
        "单位名称",
        "Name",
        Value::Text { min: 1, max: 100 },
        &["单位名称"],
    ),
    def(
        "level",
        "层级",
        "Level",
        Value::Choice(OfficeLevel::options),
        &["层级"],
    ),
    def(
        "system",
        "系统",
        "System",
        Value::Choice(OfficeSystem::options),
        &["系统"],
    ),
    or_null(def(
        "parent",
        "上级单位",
        "Parent office",
        Value::OfficeRef,
        &["上级单位"],
    )),
    or_null(def(
        "headcount",
        "干警人数",
        "Headcount",
        Value::Count,
        &["干警人数", "人数"],
    )),
];
