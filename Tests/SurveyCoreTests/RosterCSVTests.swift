import Foundation
import SurveyAPI
import SurveyCore
import SurveyFiles
import Testing

@Suite struct RosterCSVTests {
    static func fixture(_ name: String) throws -> [UInt8] {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Fixtures")
        return Array(try Data(contentsOf: folder.appendingPathComponent(name)))
    }

    @Test(arguments: ["roster-utf8-bom.csv", "roster-gb18030.csv"])
    func excelExportsInBothEncodingsImport(file: String) throws {
        let rows = try RosterCSV.parse(Self.fixture(file)).get()
        #expect(rows.map(\.name) == ["王建国", "李秀英", "赵磊, 经理"])
        #expect(rows.map(\.category) == [.privateEnterprise, .community, .agency])
        #expect(rows[0].organization == "天津绿谷科技有限公司")
        #expect(rows[1].phone == "022-24390001")
        #expect(rows[2].id == "A-17")
        #expect(rows[0].id == nil)
        #expect(rows[2].line == 4)
    }

    @Test func everyBadRowIsReportedWithItsLineAndNothingIsAccepted() throws {
        guard case .failure(let errors) = RosterCSV.parse(try Self.fixture("roster-bad-rows.csv")) else {
            Issue.record("a file with bad rows must be refused whole")
            return
        }
        #expect(errors.messages.count == 3)
        #expect(errors.messages[0].hasPrefix("第 3 行") && errors.messages[0].contains("姓名为空"))
        #expect(errors.messages[1].hasPrefix("第 4 行") && errors.messages[1].contains("外资企业"))
        #expect(errors.messages[2].hasPrefix("第 5 行") && errors.messages[2].contains("电话"))
    }

    /// The error messages for `bytes`; empty when the file was (wrongly) accepted.
    func messages(_ bytes: [UInt8]) -> [String] {
        if case .failure(let errors) = RosterCSV.parse(bytes) { return errors.messages }
        return []
    }

    @Test func headersAndEncodingProblemsAreNamed() {
        #expect(messages(Array("姓名,类别,职务\n张三,民营企业,经理\n".utf8)).first?.contains("职务") == true)
        #expect(messages(Array("姓名\n张三\n".utf8)).first?.contains("类别") == true)
        #expect(messages([]).first?.contains("表头") == true)
        #expect(messages(Array("姓名,类别\n".utf8)).first?.contains("没有监督员") == true)
        // Bytes that are neither UTF-8 nor GB18030.
        #expect(messages([0x6E, 0x2C, 0x81, 0x30, 0xFF, 0xFF]).first?.contains("编码") == true)
    }

    @Test func duplicateIDsInOneFileAreRefused() {
        let text = "name,category,id\n甲,民营企业,X1\n乙,基层社区,X1\n"
        #expect(messages(Array(text.utf8)) == ["第 3 行：编号“X1”与第 2 行重复"])
    }

    @Test func linksSheetEscapesAndStartsWithABOM() {
        let link = IssuedLink(supervisor: Supervisor(id: "S1", name: "赵磊, 经理", category: .agency), token: "abc")
        let sheet = LinksCSV.render([link], baseURL: "http://h:1")
        #expect(sheet.hasPrefix("\u{FEFF}id,name"))
        #expect(sheet.contains("\"赵磊, 经理\""))
        #expect(sheet.contains("http://h:1/#t=abc"))
    }

    /// The office file's categories decide what a roster may hold; a row with any other is named.
    @Test func categoriesComeFromTheOfficeFile() throws {
        let csv = "姓名,类别\n王律师,律师\n李记者,媒体\n"
        let rows = try RosterCSV.parse(Array(csv.utf8), categories: ["民营企业", "律师", "媒体"]).get()
        #expect(rows.map(\.category.rawValue) == ["律师", "媒体"])
        guard case .failure(let errors) = RosterCSV.parse(Array(csv.utf8), categories: ["民营企业", "律师"]) else {
            Issue.record("a category the office does not list was accepted")
            return
        }
        #expect(errors.messages == ["第 3 行：类别“媒体”不在办公室文件（office.yaml）的类别中，应为 民营企业、律师 之一"])
    }

    /// A quote opened and never closed swallows the rest of the file into one field: the error names
    /// the line where it opened, not a category that looks wrong.
    @Test func anUnclosedQuoteIsNamedWithItsLine() {
        let roster = "姓名,类别,单位\n王建国,民营企业,天津绿谷\n李秀英,基层社区,\"和平里社区\n赵磊,机关事业单位,区财政局\n"
        #expect(messages(Array(roster.utf8)) == ["第 3 行：引号未闭合（从这一行开始的带引号内容没有结束的引号），请检查该行"])
        guard case .failure(let errors) = UnitsCSV.parse(Array("单位,联系人\n\"区财政局,赵会计\n区商务局,钱科长\n".utf8)) else {
            Issue.record("a units file with an unclosed quote was accepted")
            return
        }
        #expect(errors.messages == ["第 2 行：引号未闭合（从这一行开始的带引号内容没有结束的引号），请检查该行"])
    }
}
