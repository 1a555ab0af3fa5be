import ArgumentParser
import Foundation
import SurveyAPI
import SurveyCore
import SurveyReports

extension Rectify {
    /// `survey rectify add`: a problem from any channel enters the 台账.
    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "登记问题：12345 热线工单、好差评差评、企业走访、自查发现、人大审议意见、上级督查等来源的问题列入整改台账。",
            discussion: "问题来源须是办公室文件 channels 所列渠道之一（默认：监督员问卷、监督员反映、12345热线、好差评、企业走访、自查发现、人大审议意见、上级督查）。单个反映（--lead，或办公室文件标为线索的渠道）先列为待核实，核实属实后才计为问题。")
        @Option(help: "问题来源（渠道），如 12345热线、自查发现。") var source: String
        @Option(help: "问题描述。") var text: String
        @Option(name: .customLong("item"), help: "所属自查项（如 R05），可重复，第一个为主。") var items: [String] = []
        @Option(help: "牵头单位（导入了单位名单时须在名单中）。") var unit: String?
        @Option(help: "反映日期，如 2026-12-01；默认今天。") var raised: String?
        @Option(help: "该渠道的编号，如 12345 工单号。") var ref: String?
        @Flag(help: "这是待核实的线索（不指定则按渠道的设置）。") var lead = false
        @Option(name: .customLong("evidence"), help: "佐证材料文件，可重复，登记后上传。") var evidence: [String] = []
        @OptionGroup var options: ServerOptions

        func validate() throws {
            for file in evidence { try InputFile.check(file, what: "佐证材料文件") }
        }

        /// Each evidence file's bytes, checked as the server will check them, before anything is entered.
        func evidenceFiles() throws -> [(name: String, bytes: [UInt8])] {
            try evidence.map { file in
                let bytes = Array(try InputFile.read(file, what: "佐证材料文件"))
                let name = URL(fileURLWithPath: file).lastPathComponent
                if let problem = EvidenceFile.nameProblem(name) { throw CommandFailure("佐证材料文件不能上传：\(problem)；未登记任何问题") }
                if case .failure(let problem) = EvidenceType.detect(name: name, bytes: bytes) {
                    throw CommandFailure("佐证材料文件 \(file) 不能上传：\(problem.message)；未登记任何问题")
                }
                return (name, bytes)
            }
        }

        func run() throws {
            let files = try evidenceFiles()
            let items = self.items.map(ReviewItem.id(named:))
            let entry = RegisterEntry(source: source, text: text, items: items, unit: unit, raised: raised, ref: ref, lead: lead ? true : nil)
            let client = try options.client()
            let reply = try client.call("POST", "/api/rectify", body: CanonicalJSON.bytes(entry), as: RegisterEntryReply.self)
            if let number = reply.existing.first {
                print("该问题已在整改台账中：第 \(number) 项（同一来源、编号、描述和日期不重复登记）。")
                if !files.isEmpty { print("佐证材料未上传：请用 survey rectify evidence \(number) 文件 补充。") }
                return
            }
            guard let row = reply.added.first else { return }
            print("已登记为第 \(row.number) 项（\(UntrustedText.forTerminal(row.sourceText))）：\(row.stateLabel)")
            for file in files {
                let stored = try client.call(
                    "POST", "/api/rectify/\(row.number)/evidence", query: [.init(name: "name", value: file.name)], body: file.bytes, as: EvidenceFile.self)
                print("已上传：\(UntrustedText.forTerminal(stored.summary))")
            }
        }
    }

    /// `survey rectify verify`: the result of checking a lead.
    struct Verify: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "核实线索：属实或部分属实的列为问题交办整改；不属实的以核实情况办结，保留在台账中，不计为问题。")
        @OptionGroup var step: StepOptions
        @Option(help: "核实结果：属实、部分属实、不属实。") var result: String
        @Option(help: "核实情况（不属实时即办结理由）。") var note: String

        func run() throws {
            var request = RectifyRequest(action: "verify", note: note)
            request.result = result
            try step.send(request)
        }
    }
}

extension Rectify {
    /// `survey rectify import`: an office's existing 整改台账 enters as it is.
    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "导入已有的整改台账（Excel .xlsx 或 CSV，UTF-8 或 GB18030）：按表头识别列，全部无误才导入，已导入过的行不重复。",
            discussion: """
                识别的列（含常见别名）：序号、问题来源、问题描述/存在问题、自查项、牵头单位/责任单位、责任人、整改措施、整改时限/完成时限、\
                整改进展、完成情况、反映日期。表头上方的标题行（含合并单元格）自动跳过；合并单元格的值填入其覆盖的每一格。\
                有牵头单位、整改措施和时限的行记为已交办，有进展的记为整改中，完成情况为“已完成”等的记为已整改。
                """)
        @Argument(help: "台账文件（.xlsx 或 .csv）。") var file: String
        @Option(help: "文件没有“问题来源”列时各行的来源（渠道）。") var source: String?
        @Option(name: .customLong("item"), help: "文件没有“自查项”列时各行所属的自查项（如 R05），可重复。") var items: [String] = []
        @OptionGroup var options: ServerOptions

        func run() throws {
            let bytes = Array(try InputFile.read(file, what: "台账文件"))
            let suffix = URL(fileURLWithPath: file).pathExtension.lowercased()
            if suffix == "xls" || bytes.starts(with: [0xD0, 0xCF, 0x11, 0xE0]) {
                throw CommandFailure("\(file) 是旧版 Excel（.xls）文件：请在 Excel 或 WPS 中另存为 .xlsx 或 CSV 后再导入")
            }
            // The server reads the file and checks every row against the office's channels, items and units.
            var query: [URLQueryItem] = [.init(name: "name", value: URL(fileURLWithPath: file).lastPathComponent)]
            if let source { query.append(.init(name: "source", value: source)) }
            query += items.map { .init(name: "item", value: ReviewItem.id(named: $0)) }
            let reply = try options.client().call("POST", "/api/rectify/import", query: query, body: bytes, as: RegisterEntryReply.self)
            let numbers = reply.added.map(\.number)
            let leads = reply.added.filter(\.isUnverifiedLead).count
            var summary = "已导入 \(reply.added.count) 项"
            if let first = numbers.min(), let last = numbers.max() {
                summary += "（第 \(first == last ? "\(first)" : "\(first)—\(last)") 项" + (leads > 0 ? "，其中待核实线索 \(leads) 项" : "") + "）"
            }
            if !reply.existing.isEmpty { summary += "；\(reply.existing.count) 行已在台账中，未重复导入" }
            print(summary + "。")
        }
    }
}

extension Rectify {
    /// `survey rectify evidence-get`: a row's 佐证材料 file, for the person who signs it off.
    struct EvidenceGet: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "evidence-get", abstract: "下载某一项的佐证材料文件（按文件名或 SHA-256 的前几位），核对哈希后保存。")
        @Argument(help: Rectify.rowHelp, transform: Rectify.rowNumber) var row: Int
        @Argument(help: ArgumentHelp("文件名，或 SHA-256 的前几位（至少 6 位，见 rectify show）。", valueName: "文件名或哈希")) var file: String
        @Option(name: .shortAndLong, help: "保存到的文件。") var output: String
        @OptionGroup var options: ServerOptions

        func run() throws {
            try OutputFile.check(output)
            let client = try options.client()
            let rows = try client.call("GET", "/api/rectify", as: [RectificationRow].self)
            guard let row = rows.first(where: { $0.number == self.row }) else {
                throw CommandFailure("整改清单中没有第 \(self.row) 项")
            }
            let wanted = file.lowercased()
            let named = row.evidenceFiles.filter { $0.name == file }
            if named.isEmpty, wanted.allSatisfy(\.isHexDigit), wanted.count < 6 {
                throw CommandFailure("哈希前缀“\(file)”太短：请给出文件名，或 SHA-256 的至少前 6 位（见 rectify show）")
            }
            let byHash = wanted.count >= 6 && wanted.allSatisfy(\.isHexDigit) ? row.evidenceFiles.filter { $0.sha256.hasPrefix(wanted) } : []
            let matches = named.isEmpty ? byHash : named
            let listed = row.evidenceFiles.map { "  " + UntrustedText.forTerminal($0.fullSummary) }.joined(separator: "\n")
            guard !row.evidenceFiles.isEmpty else { throw CommandFailure("第 \(row.number) 项没有佐证材料文件") }
            guard matches.count == 1, let match = matches.first else {
                let why = matches.isEmpty ? "没有名为或哈希以“\(UntrustedText.forTerminal(file))”开头的文件" : "“\(UntrustedText.forTerminal(file))”对应多个文件，请给出更长的哈希"
                throw CommandFailure("第 \(row.number) 项\(why)；该项的文件：\n" + listed)
            }
            let bytes = try client.send("GET", "/api/evidence/\(match.sha256)")
            let hash = TokenHasher.sha256Hex(bytes)
            guard hash == match.sha256 else {
                throw CommandFailure("下载的文件与登记的 SHA-256 不符（登记 \(match.sha256)，收到 \(hash)），未保存")
            }
            try bytes.write(to: URL(fileURLWithPath: output), options: .atomic)
            print("已保存 \(UntrustedText.forTerminal(match.name))（\(bytes.count) 字节，SHA-256 \(hash) 已核对）：\(output)")
        }
    }
}

extension Rectify {
    /// `survey rectify urge`: a 催办 recorded by hand, and texted to the unit when there is a gateway.
    struct Urge: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "催办：提醒责任单位抓紧办理已交办、尚未整改完成的事项，记入该项的记录（配置了短信网关时同时短信通知单位联系人）。")
        @OptionGroup var step: StepOptions
        @Option(help: "催办说明，如“请于本周五前报送进展”。") var note: String?

        func run() throws { try step.send(RectifyRequest(action: "urge", note: note)) }
    }
}

extension Rectify {
    /// `survey rectify handover`: the 交办单 an office issues, one A4 page per row.
    struct Handover: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "打印整改事项交办单：每项一页（A4 纵向），含交办编号、交办日期、承办和配合单位、问题、整改要求、办理时限、反馈要求、联系人和签收栏。",
            discussion: "指定序号（可多个），或用 --unit 打印交办给某单位、尚未整改完成的全部事项。交办编号在首次交办时生成并保持不变；前缀、联系人和电话见办公室文件 handover。")
        enum Format: String, FileFormat { case docx, html }
        @Argument(help: ArgumentHelp("整改清单序号（可多个）。", valueName: "序号"), transform: Rectify.rowNumber) var rows: [Int] = []
        @Option(help: "责任单位：打印交办给该单位、尚未整改完成的全部事项。") var unit: String?
        @Option(help: "格式：docx 或 html；不指定则按输出文件的扩展名，否则为 docx。") var format: Format?
        @Flag(help: "打印督办单（致承办单位主要负责同志）：只用于逾期未办结的事项；与 --unit 同用时为该单位全部逾期事项。") var supervise = false
        @Option(name: .shortAndLong, help: "输出文件。") var output: String
        @OptionGroup var options: ServerOptions

        func validate() throws {
            guard rows.isEmpty != (unit == nil) else { throw ValidationError("请指定序号，或用 --unit 指定单位（二者选一）") }
            _ = try Format.chosen(format, output: output, fallback: .docx)
        }

        func run() throws {
            try OutputFile.check(output)
            var query = unit.map { [URLQueryItem(name: "unit", value: $0)] } ?? rows.map { URLQueryItem(name: "row", value: String($0)) }
            if supervise { query.append(URLQueryItem(name: "kind", value: "supervise")) }
            let sheets = try options.client().call("GET", "/api/rectify/handover", query: query, as: [HandoverSheet].self)
            switch try Format.chosen(format, output: output, fallback: .docx) {
            case .docx: try HandoverDocx.write(sheets, to: output, at: Date())
            case .html: try HandoverSheet.html(sheets).write(toFile: output, atomically: true, encoding: .utf8)
            }
            print("已生成\(supervise ? "督办单" : "交办单") \(sheets.count) 份（\(sheets.map(\.number).joined(separator: "、"))）：\(output)")
        }
    }
}
