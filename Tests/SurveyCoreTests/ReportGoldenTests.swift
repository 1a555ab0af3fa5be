import Foundation
import SurveyCore
import SurveyFiles
import SurveySamples
import Testing

@testable import SurveyReports

/// The report of the fixed sample dataset (277 supervisors, 19 items, about 15 problem areas), in
/// every text format, compared with files checked in under `Golden/`. Run with
/// `UPDATE_GOLDEN=1 swift test --filter ReportGoldenTests` to rewrite them after an intended change.
@Suite struct ReportGoldenTests {
    static let now = Date(timeIntervalSince1970: 1_677_628_800)  // 2023-03-01 08:00 Beijing
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")

    /// The sample report as the office would make it: with the shipped office file, participation per
    /// category, and the office's own text for one item and one chapter.
    static func data() -> ReportData {
        let office = try! OfficeProfileLoader.load(yaml: ShippedSurveysTests.bytes("office.yaml"), file: "office.yaml")
        let items = office.apply(to: RegisterTests.items)
        let rows = Register.build(
            tally: RegisterTests.tally(), stored: [], reviewItems: items, threshold: .standard,
            calendar: try! WorkCalendarTests.shipped())
        let worked = SampleDataset.staffProgress(on: rows, reviewItems: items, at: now)
        let dataset = RegisterTests.dataset
        let answered = Set(dataset.submissions.map(\.supervisorID))
        let participation = office.categories.map { category in
            let people = dataset.supervisors.filter { $0.category == category }
            return CategoryParticipation(category: category.rawValue, roster: people.count, respondents: people.filter { answered.contains($0.id) }.count)
        }
        let notes = [
            SelfCheckEntry(
                key: "R01", conclusion: .meets, text: "区政府建立优化营商环境联席会议制度，定期研究部署营商环境工作。",
                by: "李干事", at: "2023-02-20T02:00:00.000Z"),
            SelfCheckEntry(key: "plans", conclusion: nil, text: "持续开展回头看，巩固整改成效。", by: "李干事", at: "2023-02-20T02:00:00.000Z"),
        ]
        return ReportData.make(
            tally: RegisterTests.tally(), rows: worked, reviewItems: items, respondents: answered.count,
            rosterSize: dataset.supervisors.count, at: now, office: office, participation: participation, selfChecks: notes)
    }

    func compare(_ text: String, with name: String) throws {
        let file = Self.folder.appendingPathComponent(name)
        if ProcessInfo.processInfo.environment["UPDATE_GOLDEN"] != nil {
            try text.write(to: file, atomically: true, encoding: .utf8)
        }
        // Bytes, not String: reading a String would drop the CSV's BOM.
        let golden = try Data(contentsOf: file)
        #expect(Data(text.utf8) == golden, "\(name) differs from its golden file")
    }

    /// Found by an outside trial: the CSV of the sample data did not say so. It does, above its
    /// header (as a 台账's title row, which `rectify import` skips).
    @Test func theCSVOfSampleDataSaysSo() throws {
        var data = Self.data()
        data.demo = true
        let csv = ReportRenderer.csv(data, at: Self.now)
        #expect(csv.hasPrefix("\u{FEFF}演示数据："), "\(csv.prefix(40))")
        #expect(csv.contains("\r\n序号,问题来源,"))
    }

    @Test func csvMatchesGolden() throws {
        let csv = ReportRenderer.csv(Self.data(), at: Self.now)
        #expect(csv.hasPrefix("\u{FEFF}序号,问题来源,问题描述,自查项,反映人数,占比,典型意见,整改类别,牵头单位,配合单位,责任人,整改措施"))
        try compare(csv, with: "report.csv")
    }

    /// A problem whose own text begins with who raised it is not introduced twice (an outside tester
    /// read "监督员反映监督员反映问题的整改落实不够到位").
    @Test func aProblemIsNotIntroducedTwice() {
        let text = ReportRenderer.markdown(Self.data(), at: Self.now)
        #expect(!text.contains("监督员反映监督员"))
    }

    @Test func markdownMatchesGolden() throws {
        try compare(ReportRenderer.markdown(Self.data(), at: Self.now), with: "report.md")
    }

    @Test func htmlMatchesGoldenAndEscapes() throws {
        let html = ReportRenderer.html(Self.data(), at: Self.now)
        #expect(html.contains("@page { size: A4"))
        #expect(!html.contains("http://") && !html.contains("https://"), "no external resources")
        try compare(html, with: "report.html")
        var data = Self.data()
        data.rows[0].comments = ["<script>alert(1)</script>"]
        #expect(ReportRenderer.html(data, at: Self.now).contains("&lt;script&gt;"))
    }

    @Test func theReportCoversAllNineteenItemsAndTheWorkflowStates() {
        let data = Self.data()
        #expect(data.sections.count == 19)
        let cases = data.rows.filter { $0.kind == .caseLead }
        #expect((10...18).contains(data.rows.count - cases.count))
        // Every case comes from one serious answer: unanswered major problems, fee reports and arrears.
        let serious = RegisterTests.dataset.submissions.filter { record in
            guard let answers = record.answers else { return false }
            let fees: Bool = if case .choices(let picked)? = answers["fees"] { picked != ["none"] } else { false }
            return fees || answers["government_credit"] == .bool(true)
                || [AnswerValue.text("unsolved"), .text("no_reply")].contains(answers["major_issue_result"] ?? .bool(false))
        }
        #expect(cases.count >= 10 && cases.count >= serious.count, "one case per serious answer")
        let statuses = Set(data.rows.map(\.status))
        #expect(statuses == [.signedOff, .rectified, .inProgress, .assigned, .identified])
        // One assigned row past its deadline, and every case: raised in November 2022, due in 10
        // working days, untouched by 2023-03-01.
        #expect(data.rows.filter { $0.isOverdue(at: Self.now) }.count == 1 + cases.count)
        #expect(data.indicators.first?.answered == 277)
        #expect(ReportRenderer.markdown(data, at: Self.now).contains("满意率"))
        #expect(data.sections.contains { data.conclusion($0, at: Self.now).contains("未集中反映问题") })
    }

    /// No sentence of the report contradicts its table: every item's count is the number of 台账
    /// rows naming it, the overview's totals are the table's, and no 典型意见 repeats or runs on.
    @Test func theTextAgreesWithTheTableAndCommentsAreClean() throws {
        let data = Self.data()
        let table = ReportRenderer.csv(data, at: Self.now).split(separator: "\r\n").dropFirst().map { line in
            line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        }
        let itemColumn = try #require(ReportRenderer.columns.firstIndex(of: "自查项"))
        let statusColumn = try #require(ReportRenderer.columns.firstIndex(of: "整改状态"))
        for section in data.sections {
            let conclusion = data.conclusion(section, at: Self.now)
            let rows = data.rows.filter { $0.items.contains(section.item.id) || $0.key.item == section.item.id }
            let named = rows.filter(\.isProblem).count
            if named > 0 {
                #expect(conclusion.hasPrefix("发现问题\(named)个"), "\(section.item.id): \(conclusion)")
            } else {
                #expect(!conclusion.contains("发现问题"), "\(section.item.id): \(conclusion)")
            }
            // Leads still being checked are told apart, never counted as problems.
            let leads = rows.filter(\.isUnverifiedLead).count
            #expect((leads > 0) == conclusion.contains("另有线索\(leads)条正在核实"), "\(section.item.id): \(conclusion)")
            #expect(conclusion.filter { $0 == "：" }.isEmpty, "one colon per sentence: \(conclusion)")
        }
        // 三 and 四 count what the table holds.
        let text = ReportOutline.blocks(data, at: Self.now).compactMap { if case .paragraph(let text) = $0 { text } else { nil } }
            .joined(separator: "\n")
        let statuses = table.compactMap(\.last)
        func count(_ prefix: String) -> Int { statuses.filter { $0.hasPrefix(prefix) }.count }
        let leads = count("待核实")
        let problems = table.count - leads
        #expect(
            text.contains(
                "整改台账共列入问题\(problems)个，其中监督员问卷集中问题\(table.filter { $0[1].hasPrefix("集中问题") }.count)个。"
                    + "另有线索\(leads)条正在核实，未计入问题。"))
        let done = count("已销号") + count("已整改")
        #expect(text.contains("整改台账列入问题\(problems)项，已整改\(done)项（其中已销号\(count("已销号"))项、已整改待销号\(count("已整改"))项）"))
        #expect(text.contains("待核实线索\(leads)条、经核实不属实线索0条，不计入整改率。"))
        #expect(text.contains("整改中\(count("整改中"))项，已交办\(count("已交办"))项，待交办\(count("待交办"))项"))
        let problemStatuses = statuses.filter { !$0.hasPrefix("待核实") }
        #expect(text.contains("逾期未完成\(problemStatuses.filter { $0.hasSuffix("（逾期）") }.count)项，逾期完成\(statuses.filter { $0.hasSuffix("（逾期完成）") }.count)项"))
        #expect(table.allSatisfy { $0.count == ReportRenderer.columns.count } || itemColumn < statusColumn)
        for row in data.rows {
            #expect(Set(row.comments).count == row.comments.count, "row \(row.number) repeats a comment")
            #expect(row.comments.count <= 3)
            #expect(row.comments.allSatisfy { !$0.hasSuffix("。") && !$0.unicodeScalars.contains { $0.properties.generalCategory == .control } })
        }
        let markdown = ReportRenderer.markdown(data, at: Self.now)
        #expect(!markdown.contains("。；") && !markdown.contains("。。"))
        // Measures are written per problem, not one template sentence.
        let measures = data.rows.compactMap(\.measure)
        #expect(measures.count >= 4 && Set(measures).count == measures.count && !measures.contains { $0.hasPrefix("针对“") })
    }

    /// Cases of one kind are counted by where they stand: found true (done, being worked on), still
    /// being checked, found untrue; only those found true are problems, in 三 and in the 整改率.
    @Test func casesAreCountedByWhereTheyStand() {
        var data = Self.data()
        let fees = data.rows.indices.filter { data.rows[$0].kind == .caseLead && data.rows[$0].key.problem.hasPrefix("仍存在涉企乱收费") }
        #expect(fees.allSatisfy { data.rows[$0].isUnverifiedLead }, "a case starts as a lead to verify")
        data.rows[fees[0]].verification = .confirmed
        data.rows[fees[0]].status = .signedOff
        data.rows[fees[1]].verification = .partial
        data.rows[fees[1]].status = .inProgress
        data.rows[fees[2]].verification = .unfounded
        let markdown = ReportRenderer.markdown(data, at: Self.now)
        #expect(markdown.contains("个案线索7条（第19—25项），列为问题2条（已办结1条、正在办理1条），正在核实4条，经核实不属实1条。"), "\(markdown)")
        let leads = data.rows.filter(\.isUnverifiedLead).count
        #expect(markdown.contains("监督员反映个案2个。另有线索\(leads)条正在核实、1条经核实不属实，未计入问题。"), "\(markdown)")
        #expect(ReportOutline.numbers([25, 16, 17, 18]) == "第16—18、25项")
    }

    /// No answer that meets a rule goes unsaid: a problem too few raised for a row is a 个别反映 line
    /// under its item; a case carries what the supervisor chose; a rule's own unit leads its row.
    @Test func everySeriousAnswerReachesTheReport() throws {
        let data = Self.data()
        let markdown = ReportRenderer.markdown(data, at: Self.now)
        #expect(markdown.contains("个别反映：监督员反映知识产权保护力度不够（277人中13人）。"))
        #expect(markdown.contains("监督员反映“执法存在一刀切、简单化现象”个案线索5条（第26—30项），正在核实。"))
        #expect(markdown.contains("监督员反映“存在地方保护或指定交易现象”个案线索3条（第16—18项），正在核实。"))
        let hiring = try #require(data.rows.first { $0.key.problem == "企业招工用工和人才服务保障不足" })
        #expect(hiring.unit == "区人力社保局" && hiring.key.item == "R05", "the rule's unit, not R05's 区司法局")
        let fees = data.rows.filter { $0.kind == .caseLead && $0.key.problem.hasPrefix("仍存在涉企乱收费") }
        #expect(!fees.isEmpty && fees.allSatisfy { $0.detail?.hasPrefix("所选：") == true }, "\(fees.map(\.detail))")
        let unanswered = try #require(data.rows.first { $0.kind == .caseLead && $0.key.item == "R04" })
        #expect(unanswered.detail?.hasPrefix("所选：没有收到答复") == true || unanswered.detail?.hasPrefix("所选：未解决") == true)
    }

    /// A long title breaks as 公文 custom has it: before 关于, and before 工作情况的自查报告, never after a 的.
    @Test func aLongTitleBreaksBetweenWholePhrases() {
        #expect(
            ReportOutline.titleLines("东丽区政务服务办公室关于2022年度优化营商环境工作情况的自查报告")
                == ["东丽区政务服务办公室", "关于2022年度优化营商环境", "工作情况的自查报告"])
        #expect(ReportOutline.titleLines("区政务服务办关于优化营商环境的自查报告") == ["区政务服务办", "关于优化营商环境的自查报告"])
        #expect(ReportOutline.titleLines("优化营商环境工作自查报告") == ["优化营商环境工作自查报告"])
        #expect(ReportOutline.titleLines("关于2022年度优化营商环境工作情况的自查报告") == ["关于2022年度优化营商环境", "工作情况的自查报告"])
    }

    /// The office file's 版头 stands above the title in every format: 发文机关标志, 发文字号, 签发人.
    @Test func theMastheadStandsAboveTheTitle() throws {
        var data = Self.data()
        data.masthead = Masthead(mark: "东丽区政务服务办公室文件", number: "东政服〔2023〕1号", signer: "张三")
        let markdown = ReportRenderer.markdown(data, at: Self.now)
        #expect(markdown.hasPrefix("**东丽区政务服务办公室文件**\n\n东政服〔2023〕1号　　签发人：张三\n\n---\n\n# "), "\(markdown.prefix(120))")
        #expect(ReportRenderer.html(data, at: Self.now).contains("<header class=\"masthead\"><p class=\"mark\">东丽区政务服务办公室文件</p>"))
        let document = try #require(DocxReport.parts(data, letterhead: .init(), at: Self.now).first { $0.0 == "word/document.xml" }?.1)
        let mark = try #require(document.range(of: "东丽区政务服务办公室文件"))
        #expect(mark.lowerBound < document.range(of: "自查报告")!.lowerBound && document.contains("w:color=\"C00000\""))
        let office = try OfficeProfileLoader.load(
            yaml: Array("district: 东丽区\noffice: 办\nrecipient: 人大\ncategories: [民营企业]\nmasthead: {mark: 东丽区政务服务办公室文件, signer: 张三}\n".utf8),
            file: "office.yaml")
        #expect(office.masthead == Masthead(mark: "东丽区政务服务办公室文件", signer: "张三"))
        #expect(throws: SurveyFileErrors.self) {
            try OfficeProfileLoader.load(
                yaml: Array("district: 东丽区\noffice: 办\nrecipient: 人大\ncategories: [民营企业]\nmasthead: {number: x}\n".utf8), file: "office.yaml")
        }
    }

    /// A report made from the sample data says 演示数据 first, in every format.
    @Test func sampleDataSaysSoInEveryFormat() throws {
        var data = Self.data()
        #expect(!ReportRenderer.markdown(data, at: Self.now).contains("演示数据"))
        data.demo = true
        #expect(ReportRenderer.markdown(data, at: Self.now).hasPrefix("> **演示数据：本报告由系统示例数据生成"))
        #expect(ReportRenderer.html(data, at: Self.now).contains("<p class=\"demo-banner\" role=\"note\">演示数据："))
        let document = try #require(DocxReport.parts(data, letterhead: .init(), at: Self.now).first { $0.0 == "word/document.xml" }?.1)
        let body = try #require(document.range(of: "<w:body>")).upperBound
        #expect(document[body...].hasPrefix("<w:p><w:pPr><w:jc w:val=\"center\"/></w:pPr><w:r><w:rPr><w:rFonts w:ascii=\"黑体\""))
        #expect(document.range(of: "演示数据")!.lowerBound < document.range(of: "自查报告")!.lowerBound, "above the title")
    }

    /// The office's text keeps its paragraphs (its own （一）, 1., （1）) in every format, and every
    /// blank it has not filled reads 【待填写：…】.
    @Test func theOfficesTextKeepsItsParagraphs() {
        var data = Self.data()
        data.selfChecks["plans"] = SelfCheckEntry(
            key: "plans", conclusion: nil, text: "（一）持续深化改革。\n1.推进“一网通办”。\n\n（二）强化整改落实。", by: "李干事", at: "2023-02-20T02:00:00.000Z")
        let blocks = ReportOutline.blocks(data, at: Self.now)
        for line in ["（一）持续深化改革。", "1.推进“一网通办”。", "（二）强化整改落实。"] {
            #expect(blocks.contains(.paragraph(line)), "\(line)")
        }
        #expect(ReportRenderer.markdown(data, at: Self.now).contains("（一）持续深化改革。\n\n1.推进“一网通办”。\n\n（二）强化整改落实。"))
        let blanks = blocks.compactMap { block -> String? in if case .paragraph(let text) = block, text.contains("【") { text } else { nil } }
        #expect(!blanks.isEmpty && blanks.allSatisfy { $0.contains("【待填写：") }, "\(blanks.filter { !$0.contains("【待填写：") })")
    }

    /// Before anything is collected there is no rate to give: "—", not "0.0%" of nothing.
    @Test func aReportOfNothingGivesNoRates() {
        let office = try! OfficeProfileLoader.load(yaml: ShippedSurveysTests.bytes("office.yaml"), file: "office.yaml")
        let data = ReportData.make(
            tally: FindingTally(), rows: [], reviewItems: office.apply(to: RegisterTests.items), respondents: 0, rosterSize: 0,
            at: Self.now, office: office, participation: [], selfChecks: [])
        let markdown = ReportRenderer.markdown(data, at: Self.now)
        #expect(!markdown.contains("0.0%"), "\(markdown)")
        #expect(markdown.contains("回收率—") && markdown.contains("整改率—"))
        let city = CityReport.markdown(
            [DistrictSummary(district: "东丽区", supervisors: 0, respondents: 0, submissions: 0, rows: [], at: Self.now)], title: "全市", on: "2023-03-01")
        #expect(!city.contains("0.0%") && city.contains("| — |"), "\(city)")
    }

    @Test func typicalCommentsAreDistinctCleanAndRelevant() {
        let comments = [
            "a": "窗口排队时间较长。", "b": "窗口排队时间较长", "c": "好\u{1b}[31m", "d": String(repeating: "很长的抱怨", count: 40),
            "e": "希望政策宣传更到位，企业知晓率能提高",
        ]
        #expect(
            TypicalComments.pick(comments, problem: "惠企政策宣传不到位，企业知晓率不高") == ["希望政策宣传更到位，企业知晓率能提高"],
            "only what speaks to the problem")
        let queue = TypicalComments.pick(comments, problem: "窗口排队时间长")
        #expect(queue == ["窗口排队时间较长"], "duplicates once, without trailing punctuation")
        #expect(TypicalComments.pick(["x": "排队\u{1b}[31m太久"], problem: "窗口排队") == ["排队[31m太久"], "control characters removed")
        // Words every government complaint uses (办理, 服务) do not tie a comment to a problem.
        #expect(TypicalComments.pick(["f": "办理证照时被要求购买指定的材料"], problem: "涉企中介服务收费高、办理慢").isEmpty)
        #expect(TypicalComments.pick(["g": "中介收费太高，一份评估要两万"], problem: "涉企中介服务收费高、办理慢") == ["中介收费太高，一份评估要两万"])
    }

    @Test func theReportCarriesTheOfficesLetterheadAndMarksWhatIsUnconfirmed() {
        let markdown = ReportRenderer.markdown(Self.data(), at: Self.now)
        #expect(markdown.hasPrefix("# 东丽区政务服务办公室关于2022年度优化营商环境工作情况的自查报告\n\n东丽区人大常委会营商环境执法检查组："))
        #expect(markdown.contains("### （五）市场主体平等保护（待核定）") && markdown.contains("### （一）组织领导\n"))
        #expect(markdown.contains("牵头单位：区司法局（待核定）。"))
        #expect(markdown.contains("工作开展情况：区政府建立优化营商环境联席会议制度") && markdown.contains("自查结论：符合。"))
        #expect(markdown.contains("## 五、下一步打算\n\n持续开展回头看，巩固整改成效。"))
        #expect(markdown.contains("收回有效问卷277份，回收率100.0%，其中民营企业168份（回收率100.0%）"))
        #expect(markdown.contains("【待填写：原因分析】") && !markdown.contains("survey selfcheck"), "placeholders, not commands")
        let fees = Self.data().rows.filter { $0.kind == .caseLead && $0.key.problem.contains("乱收费") }.map(\.number)
        #expect(
            markdown.contains("个案线索\(fees.count)条（第\(fees.min()!)—\(fees.max()!)项），正在核实。"),
            "cases are leads being checked, in one sentence")
        #expect(markdown.contains("东丽区政务服务办公室\n\n2023年3月1日"))
        for heading in [
            "## 一、基本情况", "## 二、逐项自查情况", "## 三、存在的主要问题及原因分析", "## 四、整改落实情况", "## 五、下一步打算",
            "## 附件：整改台账",
        ] {
            #expect(markdown.contains(heading), "\(heading)")
        }
    }
}
