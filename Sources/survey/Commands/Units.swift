import ArgumentParser
import Foundation
import SurveyAPI
import SurveyCore
import SurveyFiles
import SurveyReports
import SurveyServer

/// `survey units`: the responsible units (责任单位) and their links to the unit page.
struct Units: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "责任单位：导入名单、查看、重新签发单位链接、考核情况。单位用链接查看交办给本单位的事项、填报进展、上传佐证材料。",
        subcommands: [Import.self, ListUnits.self, Reissue.self, Scores.self])

    /// Writes the links to a private file, or prints them.
    static func emit(_ tokens: [UnitToken], base: String, to file: String?) throws {
        guard !tokens.isEmpty else { return }
        var sheet = "\u{FEFF}单位,链接\n"  // a BOM, so that Excel on Chinese Windows reads UTF-8
        // Quoted as CSV (a name may hold a comma) and kept from starting a formula in Excel.
        for token in tokens { sheet += "\(LinksCSV.escape(token.unit)),\(base)/unit.html#\(token.token)\n" }
        try SecretOutput.emit(
            sheet, to: file, saved: "单位链接已写入 \(file ?? "")（仅所有者可读，请通过单位联系人送达）。", screen: String(sheet.dropFirst()))
    }

    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "从 CSV 导入责任单位（列：单位,联系人,电话）；已有单位更新联系人，链接不变。")
        @Argument(help: "CSV 文件，UTF-8 或 GB18030 编码。") var file: String
        @Option(help: "把新单位的链接写入此文件（仅所有者可读）；不指定则打印到屏幕。") var linksOut: String?
        @Flag(help: "允许链接使用本机回环地址（如 127.0.0.1，仅在本机试用；手机无法打开）。") var allowLoopback = false
        @OptionGroup var options: ServerOptions

        func run() throws {
            try OutputFile.check(linksOut)
            let data = try InputFile.read(file)
            let client = try options.client()
            // Checked before anything is imported: a link no phone can open is no link.
            let base = try client.phoneLinkBase(deliberate: allowLoopback)
            let reply = try client.call("POST", "/api/units", body: Array(data), as: UnitsImportReply.self)
            print("新增 \(reply.added.count) 个单位，更新 \(reply.updated.count) 个。")
            try Units.emit(reply.added, base: base, to: linksOut)
        }
    }

    struct ListUnits: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "列出责任单位。")
        @OptionGroup var options: ServerOptions

        func run() throws {
            let units = try options.client().call("GET", "/api/units", as: [ResponsibleUnit].self)
            print("单位\t联系人\t电话")
            for unit in units {
                print("\(UntrustedText.forTerminal(unit.name))\t\(UntrustedText.forTerminal(unit.contact ?? "—"))\t\(unit.phone ?? "—")")
            }
            print("共 \(units.count) 个单位。")
        }
    }

    struct Reissue: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "重新签发单位链接；旧链接立即失效，已打开的页面断开。")
        @Argument(help: "单位名称。") var unit: String
        @Option(help: "把链接写入此文件（仅所有者可读）。") var linksOut: String?
        @OptionGroup var options: ServerOptions

        func run() throws {
            try OutputFile.check(linksOut)
            let client = try options.client()
            let reply = try client.call("POST", "/api/units/reissue", body: CanonicalJSON.bytes(UnitReissueRequest(unit: unit)), as: UnitToken.self)
            try Units.emit([reply], base: try client.linkBase(), to: linksOut)
        }
    }

    /// `survey units scores`: how each unit did with what was handed to it (考核).
    struct Scores: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "责任单位考核：交办、按期办结、逾期办结、逾期未办结、按期办结率、平均办结工作日、回访满意率、催办次数。")
        enum Format: String, FileFormat { case md, csv, xlsx }
        @Option(help: "只统计某一自查批次（问卷文件的 round）的集中问题。") var round: String?
        @Option(help: "格式：md、csv 或 xlsx；不指定则按输出文件的扩展名，否则为 md。") var format: Format?
        @Option(name: .shortAndLong, help: "输出文件（xlsx 必填）；不指定则输出到屏幕。") var output: String?
        @OptionGroup var options: ServerOptions

        func validate() throws {
            if try Format.chosen(format, output: output, fallback: .md) == .xlsx, output == nil { throw ValidationError("xlsx 格式须用 -o 指定输出文件") }
        }

        func run() throws {
            try OutputFile.check(output)
            let format = try Format.chosen(format, output: output, fallback: .md)
            let query = round.map { [URLQueryItem(name: "round", value: $0)] } ?? []
            let scores = try options.client().call("GET", "/api/units/scores", query: query, as: [UnitScore].self)
            let title = "责任单位整改考核情况（截至\(ReportOutline.chineseDate(Date()))）"
            switch format {
            case .xlsx: try UnitScoreTable.xlsx(scores, title: title, to: output!)
            case .md, .csv:
                let text = format == .md ? UnitScoreTable.markdown(scores, title: title) : UnitScoreTable.csv(scores)
                guard let output else { return print(UntrustedText.forTerminalKeepingLines(text), terminator: "") }
                try text.write(toFile: output, atomically: true, encoding: .utf8)
            }
            if let output { print("已导出 \(scores.count) 个责任单位的考核情况：\(output)") }
        }
    }
}
