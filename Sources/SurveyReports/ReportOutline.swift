import Foundation
import SurveyCore

/// One block of the self-inspection report's text, as every format prints it.
public enum ReportBlock: Sendable, Equatable {
    /// A line above everything, such as the 演示数据 warning.
    case notice(String)
    /// The 版头: 发文机关标志, then 发文字号 and 签发人, above a red line.
    case masthead(Masthead)
    case title(String)
    /// 主送, printed with its colon.
    case recipient(String)
    /// 一、…
    case heading(String)
    /// （一）…
    case subheading(String)
    case paragraph(String)
    /// 落款 and 成文日期, right-aligned.
    case signature(issuer: String?, date: String)
}

/// The 自查报告 as offices write it: 一、基本情况; 二、逐项自查情况; 三、存在的主要问题及原因分析;
/// 四、整改落实情况; 五、下一步打算; 落款 and 成文日期. The full 台账 follows as an annex in each format.
/// Every count in the text is computed here from the same rows the 台账 prints.
public enum ReportOutline {
    public static func blocks(_ data: ReportData, at now: Date) -> [ReportBlock] {
        var blocks: [ReportBlock] = [.title(data.title)]
        if let masthead = data.masthead { blocks.insert(.masthead(masthead), at: 0) }
        if data.demo { blocks.insert(.notice(Self.demoNotice), at: 0) }
        if let recipient = data.recipient { blocks.append(.recipient(recipient)) }
        blocks.append(.paragraph("按照优化营商环境自查工作要求，对照\(data.sections.count)项自查内容组织开展自查，并以问卷方式听取营商环境监督员意见。现将有关情况报告如下。"))
        blocks.append(.heading("一、基本情况"))
        blocks += paragraphs(data.selfChecks["basics"]?.text ?? "【待填写：本单位优化营商环境工作基本情况】")
        blocks.append(.paragraph(basics(data)))
        blocks.append(.heading("二、逐项自查情况"))
        for (index, section) in data.sections.enumerated() {
            blocks += item(section, number: index + 1, in: data, at: now)
        }
        blocks.append(.heading("三、存在的主要问题及原因分析"))
        blocks += problems(data)
        blocks.append(.heading("四、整改落实情况"))
        blocks.append(.paragraph(progress(data, at: now)))
        blocks.append(.heading("五、下一步打算"))
        blocks += paragraphs(data.selfChecks["plans"]?.text ?? "【待填写：下一步打算】")
        blocks.append(.paragraph("附件：整改台账"))
        blocks.append(.signature(issuer: data.issuer, date: chineseDate(Timestamp.date(data.generatedAt) ?? now)))
        return blocks.map(\.tightened)
    }

    /// What a report made from the sample dataset says first, in every format.
    public static let demoNotice = "演示数据：本报告由系统示例数据生成，其中的人数、比例、问题和整改情况均非本办实际情况，不得上报或引用。"

    /// 一、the survey in figures: 回收率 overall and per category, and the indicators.
    static func basics(_ data: ReportData) -> String {
        var text = "向\(data.rosterSize)名营商环境监督员发放问卷，收回有效问卷\(data.respondents)份，回收率\(ReportRenderer.rate(data.respondents, of: data.rosterSize))"
        let present = data.participation.filter { $0.roster > 0 }
        let categories = present.map { "\($0.category)\($0.respondents)份（回收率\(ReportRenderer.percent($0.rate))）" }
        text += categories.isEmpty ? "。" : "，其中" + categories.joined(separator: "、") + "。"
        let order = present.map(\.category)
        for indicator in data.indicators {
            let title = indicator.title.split(separator: "（").first.map(String.init) ?? indicator.title
            text +=
                "对“\(title)”，\(indicator.answered)人作答，满意率\(ReportRenderer.percent(indicator.satisfactionRate))，"
                + "平均\(String(format: "%.2f", indicator.mean))分（满分5分）"
            let named = indicator.byCategory.keys.sorted { (order.firstIndex(of: $0) ?? .max, $0) < (order.firstIndex(of: $1) ?? .max, $1) }
            let parts = named.compactMap { name in indicator.byCategory[name].map { "\(name)\(ReportRenderer.percent($0.satisfactionRate))" } }
            text += parts.isEmpty ? "。" : "，其中" + parts.joined(separator: "、") + "。"
        }
        return text
    }

    /// 二、one review item: what it checks, what was done, the 自查结论, what supervisors said, its rows.
    static func item(_ section: ItemSection, number: Int, in data: ReportData, at now: Date) -> [ReportBlock] {
        let entry = data.selfChecks[section.item.id]
        var blocks: [ReportBlock] = [
            .subheading("（\(chineseNumber(number))）\(section.item.shownTitle)"),
            .paragraph("自查内容：\(section.item.checks)"),
            .paragraph("牵头单位：\(section.item.shownLeadUnit)。"),
        ]
        blocks += paragraphs(entry?.text ?? "【待填写：工作开展情况】", lead: "工作开展情况：")
        blocks += [
            .paragraph("自查结论：" + (entry?.conclusion.map { $0.rawValue + "。" } ?? "【待填写：自查结论】")),
            .paragraph("问题情况：" + data.conclusion(section, at: now)),
        ]
        let rows = data.rows(of: section)
        let titles = Dictionary(data.sections.map { ($0.item.id, $0.item.title) }, uniquingKeysWith: { first, _ in first })
        for row in rows where row.kind == .concentrated {
            if row.key.item != section.item.id {
                blocks.append(.paragraph("问题\(row.number)：\(row.key.problem)（详见“\(titles[row.key.item] ?? row.key.item)”）。"))
                continue
            }
            let timeliness = row.timeliness(at: now)
            blocks.append(
                .paragraph(
                    "问题\(row.number)：\(Self.raised(row.key.problem))（\(ReportRenderer.rowSource(row, data: data))）；整改措施：\(row.measure ?? "待制定")；"
                        + "整改情况：\(row.status.label)\(timeliness.isEmpty ? "" : "（\(timeliness)）")。"))
        }
        // Cases of one kind are one sentence: leads being checked are not admitted facts.
        for (problem, cases) in Dictionary(grouping: rows.filter { $0.kind == .caseLead }, by: \.key.problem).sorted(by: {
            $0.value[0].number < $1.value[0].number
        }) {
            blocks.append(.paragraph("监督员反映“\(problem)”个案线索\(cases.count)条（\(Self.numbers(cases.map(\.number)))），\(leadProgress(cases))。"))
        }
        // What some supervisors raised, too few for a row: said, not left out.
        let individual = data.individual.filter { $0.key.item == section.item.id }
        if !individual.isEmpty {
            blocks.append(
                .paragraph(
                    "个别反映：" + individual.map { "\(Self.raised($0.key.problem))（\(data.asked($0.key, $0.asked))中\($0.raisedBy)人）" }.joined(separator: "；") + "。")
            )
        }
        // Problems from other channels, each on its own.
        for row in rows where row.kind == .entered {
            let what = "\(row.key.problem)（来源：\(row.channel ?? "登记")" + (row.reference.map { "，编号\($0)" } ?? "") + "）"
            if !row.isProblem {
                let state = row.isUnfounded ? "经核实不属实（\(row.verificationNote ?? "")）" : "正在核实"
                blocks.append(.paragraph("线索\(row.number)：\(what)；\(state)。"))
                continue
            }
            let timeliness = row.timeliness(at: now)
            blocks.append(
                .paragraph(
                    "问题\(row.number)：\(what)；整改措施：\(row.measure ?? "待制定")；整改情况：\(row.status.label)\(timeliness.isEmpty ? "" : "（\(timeliness)）")。"))
        }
        return blocks
    }

    /// Where a group of leads stands: those found true (and how far their work is), those being
    /// checked, those found untrue.
    static func leadProgress(_ leads: [RectificationRow]) -> String {
        let problems = leads.filter(\.isProblem)
        var parts: [String] = []
        if !problems.isEmpty {
            let stages = [
                ("已办结", problems.filter { $0.status >= .rectified }.count),
                ("正在办理", problems.filter { $0.status == .assigned || $0.status == .inProgress }.count),
                ("待交办", problems.filter { $0.status == .identified }.count),
            ].filter { $0.1 > 0 }
            parts.append("列为问题\(problems.count)条（" + stages.map { "\($0.0)\($0.1)条" }.joined(separator: "、") + "）")
        }
        let pending = leads.filter(\.isUnverifiedLead).count
        let unfounded = leads.filter(\.isUnfounded).count
        if pending > 0 { parts.append(pending == leads.count ? "正在核实" : "正在核实\(pending)条") }
        if unfounded > 0 { parts.append("经核实不属实\(unfounded)条") }
        return parts.joined(separator: "，")
    }

    /// 三、the problems by channel and the most raised, then the office's analysis of their causes.
    /// Leads still being checked, and those found untrue, are named apart and never as problems.
    static func problems(_ data: ReportData) -> [ReportBlock] {
        let problems = data.rows.filter(\.isProblem)
        let concentrated = problems.filter { $0.kind == .concentrated }.sorted { ($1.raisedBy, $0.number) < ($0.raisedBy, $1.number) }
        var sources = [("监督员问卷集中问题", concentrated.count), ("监督员反映个案", problems.filter { $0.kind == .caseLead }.count)]
        for row in problems where row.kind == .entered {
            let channel = row.channel ?? "其他渠道"
            if let index = sources.firstIndex(where: { $0.0 == channel }) { sources[index].1 += 1 } else { sources.append((channel, 1)) }
        }
        let named = sources.filter { $0.1 > 0 }.map { "\($0.0)\($0.1)个" }
        var text = "整改台账共列入问题\(problems.count)个" + (named.isEmpty ? "" : "，其中" + named.joined(separator: "、")) + "。"
        let pending = data.rows.filter(\.isUnverifiedLead).count
        let unfounded = data.rows.filter(\.isUnfounded).count
        if pending + unfounded > 0 {
            text +=
                "另有线索"
                + [pending > 0 ? "\(pending)条正在核实" : nil, unfounded > 0 ? "\(unfounded)条经核实不属实" : nil].compactMap { $0 }
                .joined(separator: "、") + "，未计入问题。"
        }
        if !concentrated.isEmpty {
            // The five most raised by head count, and any tied with the fifth.
            let cut = concentrated.count > 5 ? concentrated[4].raisedBy : 0
            text +=
                "监督员反映人数较多的是："
                + concentrated.filter { $0.raisedBy >= cut }.prefix(8).map { "\($0.key.problem)（\(data.asked($0.key, $0.asked))中\($0.raisedBy)人）" }.joined(
                    separator: "；") + "。"
        }
        return [.paragraph(text)] + paragraphs(data.selfChecks["causes"]?.text ?? "【待填写：原因分析】", lead: "原因分析：")
    }

    /// 四、the 整改率 over the problems and where every one stands; 逾期 and 逾期完成 apart; the 回访;
    /// leads not yet verified or found untrue are outside the 整改率.
    static func progress(_ data: ReportData, at now: Date) -> String {
        let rows = data.rows.filter(\.isProblem)
        let count = { (status: RectificationStatus) in rows.filter { $0.status == status }.count }
        let done = count(.signedOff) + count(.rectified)
        let day = data.asOf.flatMap(Day.parse) ?? Timestamp.date(data.generatedAt) ?? now
        var text =
            "截至\(chineseDate(day))，整改台账列入问题\(rows.count)项，已整改\(done)项（其中已销号\(count(.signedOff))项、已整改待销号\(count(.rectified))项），"
            + "整改率\(ReportRenderer.rate(done, of: rows.count))；整改中\(count(.inProgress))项，已交办\(count(.assigned))项，"
            + "待交办\(count(.identified))项。"
        let overdue = rows.filter { $0.isOverdue(at: now) }.count
        let late = rows.filter { $0.timeliness(at: now) == "逾期完成" }.count
        text += "逾期未完成\(overdue)项，逾期完成\(late)项。"
        let pending = data.rows.filter(\.isUnverifiedLead).count
        let unfounded = data.rows.filter(\.isUnfounded).count
        if pending + unfounded > 0 {
            text += "待核实线索\(pending)条、经核实不属实线索\(unfounded)条，不计入整改率。"
        }
        // 考核: the working days to 办结 are left out here, so no calendar is needed.
        if let units = UnitScoreTable.sentence(UnitScore.scores(of: rows, calendar: WorkCalendar(), at: now)) { text += units }
        let followUps = rows.compactMap(\.followUp)
        let asked = followUps.map(\.asked).reduce(0, +)
        let answered = followUps.map(\.answered).reduce(0, +)
        if asked > 0 {
            let satisfied = followUps.map { $0.satisfied + $0.basic }.reduce(0, +)
            text += "已整改事项回访监督员\(asked)人次，答复\(answered)人次，满意和基本满意\(satisfied)人次。"
        }
        return text
    }

    /// 一 … 九十九, for （一）-style numbering.
    static func chineseNumber(_ number: Int) -> String {
        let digits = ["", "一", "二", "三", "四", "五", "六", "七", "八", "九"]
        guard number >= 10 else { return digits[number] }
        return (number / 10 == 1 ? "" : digits[number / 10]) + "十" + digits[number % 10]
    }

    /// Removes the spaces Latin typography puts between Chinese text and numbers (公文 has none).
    /// The office's own text, one paragraph per line it wrote (blank lines dropped), the first led
    /// by `lead`: its （一）, 1. and （1） stay paragraphs of their own in every format.
    static func paragraphs(_ text: String, lead: String = "") -> [ReportBlock] {
        let lines = text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        return (lines.isEmpty ? [""] : lines).enumerated().map { .paragraph(($0.offset == 0 ? lead : "") + $0.element) }
    }

    static func tighten(_ text: String) -> String {
        let characters = Array(text)
        var out = ""
        for (index, character) in characters.enumerated() {
            if character == " ", index > 0, index + 1 < characters.count,
                characters[index - 1].isChinese || characters[index + 1].isChinese
            {
                continue
            }
            out.append(character)
        }
        return out
    }

    /// A title's lines as 公文 custom breaks it at 二号 (about 18 characters a line): before 关于,
    /// then, if still too long, before the phrase the title ends with (工作情况的自查报告, or 自查报告),
    /// so that no line ends on a dangling 的 and every line keeps its words whole.
    public static func titleLines(_ title: String) -> [String] {
        var lines = [title]
        if title.count > 18, let about = title.range(of: "关于") {
            lines = [String(title[..<about.lowerBound]), String(title[about.lowerBound...])]
        }
        guard let last = lines.last, last.count > 18 else { return lines.filter { !$0.isEmpty } }
        for ending in ["工作情况的自查报告", "情况的自查报告", "的自查报告", "自查报告"] {
            guard let range = last.range(of: ending, options: .backwards), range.lowerBound != last.startIndex else { continue }
            let head = String(last[..<range.lowerBound])
            if head.count <= 18 && !head.hasSuffix("的") {
                return (lines.dropLast() + [head, String(last[range.lowerBound...])]).filter { !$0.isEmpty }
            }
        }
        return lines
    }

    /// 成文日期 as 公文 writes it: `2026年11月30日` (Arabic numerals, per GB/T 9704-2012).
    public static func chineseDate(_ date: Date) -> String {
        let parts = Day.string(date).split(separator: "-").compactMap { Int($0) }
        return "\(parts[0])年\(parts[1])月\(parts[2])日"
    }
    /// "监督员反映" and the problem, unless the problem's own text already says who raised it.
    static func raised(_ problem: String) -> String {
        problem.hasPrefix("监督员") ? problem : "监督员反映" + problem
    }

    /// Row numbers as the text cites them: runs joined by a dash, others by 、 (第16—18、25项): the
    /// 台账's 序号, whatever the rows are (problems, or leads still being checked).
    static func numbers(_ numbers: [Int]) -> String {
        var runs: [(Int, Int)] = []
        for number in numbers.sorted() {
            if let last = runs.last, last.1 + 1 == number { runs[runs.count - 1].1 = number } else { runs.append((number, number)) }
        }
        return "第" + runs.map { $0.0 == $0.1 ? "\($0.0)" : "\($0.0)—\($0.1)" }.joined(separator: "、") + "项"
    }
}

extension ReportBlock {
    /// The block with its text tightened for Chinese typesetting, bidirectional controls taken out.
    var tightened: ReportBlock {
        let tighten = { ReportOutline.tighten(UntrustedText.withoutBidiControls($0)) }
        return switch self {
        case .title(let text): .title(tighten(text))
        case .recipient(let text): .recipient(tighten(text))
        case .heading(let text): .heading(tighten(text))
        case .subheading(let text): .subheading(tighten(text))
        case .paragraph(let text): .paragraph(tighten(text))
        case .signature, .notice, .masthead: self
        }
    }
}

extension Character {
    /// A Han character or full-width punctuation.
    var isChinese: Bool {
        unicodeScalars.contains { (0x4E00...0x9FFF).contains($0.value) || (0x3000...0x303F).contains($0.value) || (0xFF00...0xFFEF).contains($0.value) }
    }

}
