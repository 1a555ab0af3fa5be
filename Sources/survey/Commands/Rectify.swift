import ArgumentParser
import Foundation
import SurveyAPI
import SurveyCore
import SurveyReports

/// `survey rectify`: work through the rectification list (整改清单) item by item.
struct Rectify: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "整改台账：查看、交办、整改措施、进展、佐证材料、完成整改、销号、重新打开。跳过步骤或退回须写明理由。",
        subcommands: [
            ListRows.self, Show.self, Add.self, Import.self, Verify.self, Assign.self, Urge.self, AddMeasure.self, MeasureDone.self, Progress.self,
            Evidence.self,
            Done.self,
            SignOff.self, Reopen.self, History.self, Handover.self, ExportSheet.self, EvidenceGet.self,
        ])

    /// The row argument of the commands that act on one row: named 序号 in usage and errors.
    static let rowHelp = ArgumentHelp("整改清单序号（正整数）。", valueName: "序号")

    /// A row number: a positive whole number.
    static func rowNumber(_ text: String) throws -> Int {
        guard let number = Int(text), number >= 1 else { throw ValidationError("序号须为正整数") }
        return number
    }

    /// Options every workflow step shares.
    struct StepOptions: ParsableArguments {
        @Argument(help: Rectify.rowHelp, transform: Rectify.rowNumber) var row: Int
        @Option(help: "理由：跳过步骤、退回、改派或调整时限、重新打开时须填写。") var reason: String?
        @Option(help: "操作人（记入操作记录）：只在使用共用管理令牌时有效，不指定则记为“管理员”，与其他操作一致；个人令牌记本人姓名。") var actor: String?
        @OptionGroup var options: ServerOptions

        func send(_ request: RectifyRequest) throws {
            var request = request
            request.reason = reason
            request.actor = actor
            let updated = try options.client().call("POST", "/api/rectify/\(row)", body: CanonicalJSON.bytes(request), as: RectificationRow.self)
            print("第 \(updated.number) 项“\(UntrustedText.forTerminal(updated.key.problem))”：\(updated.stateLabel)")
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "查看某一项的全部内容：措施、进展、佐证材料、回访、销号。")
        @Argument(help: Rectify.rowHelp, transform: Rectify.rowNumber) var row: Int
        @OptionGroup var options: ServerOptions

        func run() throws {
            let rows = try options.client().call("GET", "/api/rectify", as: [RectificationRow].self)
            guard let row = rows.first(where: { $0.number == row }) else {
                printError("错误（unknown_row）：整改清单中没有第 \(self.row) 项")
                throw ExitCode.failure
            }
            for (label, value) in RectificationRowText.fields(of: row, at: Date(), forOffice: true) {
                let lines = value.split(separator: "\n", omittingEmptySubsequences: false).map { UntrustedText.forTerminal(String($0)) }
                print("\(label)：" + lines.joined(separator: "\n    "))
            }
        }
    }

    struct ListRows: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "列出整改清单。")
        @Option(help: "只看某个自查项（如 R10 或 10）。") var item: String?
        @Option(help: "只看某个状态：待交办、已交办、整改中、已整改、已销号（或 identified、assigned、in_progress、rectified、signed_off），或线索的待核实、不属实。") var status: String?
        @Flag(help: "只看逾期未完成的。") var overdue = false
        @Option(help: "只看某一自查批次（问卷文件的 round，如“2023 年度”）的集中问题。") var round: String?
        @OptionGroup var options: ServerOptions

        func run() throws {
            var query: [URLQueryItem] = []
            if let item { query.append(.init(name: "item", value: item)) }
            // The names the list prints (已销号) or the API's (signed_off).
            if let status {
                let named = RectificationStatus.allCases.first { $0.label == status }?.rawValue ?? status
                query.append(.init(name: "status", value: named))
            }
            if overdue { query.append(.init(name: "overdue", value: "1")) }
            if let round { query.append(.init(name: "round", value: round)) }
            let rows = try options.client().call("GET", "/api/rectify", query: query, as: [RectificationRow].self)
            let now = Date()
            print("序号\t问题来源\t自查项\t存在问题\t责任单位\t整改时限\t整改状态")
            for row in rows {
                let state = row.stateLabel + (row.isOverdue(at: now) ? "（逾期）" : "")
                // Office staff see who raised a case and what they wrote.
                let source = row.sourceText + (row.supervisorID.map { "，\($0)" } ?? "")
                print(
                    "\(row.number)\t\(UntrustedText.forTerminal(source))\t\(row.itemsText)\t\(UntrustedText.forTerminal(row.problemText))\t\(row.unit ?? "—")\t\(row.deadlineText ?? "—")\t\(state)"
                )
            }
            print("共 \(rows.count) 项。")
        }
    }

    struct Assign: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "交办：指定责任单位、整改措施和整改时限。")
        @OptionGroup var step: StepOptions
        @Option(help: "牵头单位（导入了单位名单时须在名单中）。") var unit: String
        @Option(help: "整改措施（第 1 条；更多措施用 rectify measure 添加）。") var measure: String
        @Option(help: "整改时限：工作日的日期（如 2026-12-31），或自今天起的工作日数（如 10工作日，按节假日文件计算）。") var deadline: String
        @Option(name: .customLong("partner"), help: "配合单位，可重复；改派时不指定则保留原配合单位。") var partners: [String] = []
        @Option(help: "整改类别：立行立改、限期整改、长期坚持（或 immediate、scheduled、long_term）。") var category: String?
        @Option(help: "责任人。") var owner: String?
        @Flag(help: "允许责任单位看到反映该个案的监督员编号（默认不显示）。") var shareSupervisor = false

        func run() throws {
            var request = RectifyRequest(
                action: "assign", unit: unit, measure: measure, deadline: deadline, partners: partners.isEmpty ? nil : partners,
                category: category, owner: owner)
            if shareSupervisor { request.shareable = true }
            try step.send(request)
        }
    }

    struct AddMeasure: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "measure", abstract: "增加一条整改措施，各有时限。")
        @OptionGroup var step: StepOptions
        @Option(help: "整改措施。") var measure: String
        @Option(help: "这条措施的时限：工作日的日期（如 2026-12-31），或工作日数（如 10工作日）。") var deadline: String

        func run() throws { try step.send(RectifyRequest(action: "measure", measure: measure, deadline: deadline)) }
    }

    struct MeasureDone: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "measure-done", abstract: "某条整改措施已完成。")
        @OptionGroup var step: StepOptions
        @Option(help: "措施序号（从 1 起，见 rectify show）。") var index: Int

        func run() throws { try step.send(RectifyRequest(action: "measure_done", index: index)) }
    }

    struct Evidence: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "上传佐证材料文件（PDF、PNG、JPEG、Word、Excel），按 SHA-256 保存在数据目录中。")
        @Argument(help: Rectify.rowHelp, transform: Rectify.rowNumber) var row: Int
        @Argument(help: "文件。") var file: String
        @OptionGroup var options: ServerOptions

        func run() throws {
            let data = try InputFile.read(file)
            let name = URL(fileURLWithPath: file).lastPathComponent
            if let problem = EvidenceFile.nameProblem(name) { throw CommandFailure(problem) }
            let stored = try options.client().call(
                "POST", "/api/rectify/\(row)/evidence", query: [.init(name: "name", value: name)],
                body: Array(data), as: EvidenceFile.self)
            print("已上传：\(stored.summary)")
        }
    }

    struct Progress: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "记录整改进展。")
        @OptionGroup var step: StepOptions
        @Option(help: "进展情况。") var note: String

        func run() throws { try step.send(RectifyRequest(action: "progress", note: note)) }
    }

    struct Done: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "完成整改，提交佐证材料。")
        @OptionGroup var step: StepOptions
        @Option(help: "佐证材料说明（已上传文件时可不填）。") var evidence: String?

        func run() throws { try step.send(RectifyRequest(action: "done", evidence: evidence)) }
    }

    struct SignOff: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "signoff", abstract: "销号：须已提交佐证材料，由领导用本人令牌进行（销号人即令牌所属的领导），且不能是标记已整改的人。")
        @OptionGroup var step: StepOptions
        @Option(help: "验收意见（默认“同意销号”）。") var opinion: String?

        func run() throws { try step.send(RectifyRequest(action: "signoff", opinion: opinion)) }
    }

    struct Reopen: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "重新打开已整改或已销号的事项（回头看），须用 --reason 写明理由。")
        @OptionGroup var step: StepOptions

        func run() throws { try step.send(RectifyRequest(action: "reopen")) }
    }

    struct History: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "查看某一项的全部变更记录。")
        @Argument(help: Rectify.rowHelp, transform: Rectify.rowNumber) var row: Int
        @OptionGroup var options: ServerOptions

        func run() throws {
            let entries = try options.client().call("GET", "/api/rectify/\(row)/history", as: [AuditEntry].self)
            if entries.isEmpty { print("第 \(row) 项还没有变更记录（自列入整改清单以来未交办、未改动）。") }
            for entry in entries {
                let detail = HistoryText.detail(entry.detail, field: entry.action)
                print(
                    "\(BeijingTime.show(entry.at))\t\(UntrustedText.forTerminal(entry.actor))\t\(HistoryText.field(entry.action))\t\(UntrustedText.forTerminal(detail))"
                )
            }
        }
    }

    struct ExportSheet: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "export", abstract: "导出某单位的整改交办单：xlsx（可打印 A3 横向）或 html（打印页）。")
        enum Format: String, FileFormat { case xlsx, html }
        @Option(help: "责任单位（牵头或配合）。") var unit: String
        @Option(help: "格式：xlsx 或 html；不指定则按输出文件的扩展名，否则为 xlsx。") var format: Format?
        @Option(name: .shortAndLong, help: "输出文件。") var output: String
        @OptionGroup var options: ServerOptions

        func validate() throws {
            _ = try Format.chosen(format, output: output, fallback: .xlsx)
        }

        func run() throws {
            try OutputFile.check(output)
            let format = try Format.chosen(format, output: output, fallback: .xlsx)
            let rows = try options.client().call("GET", "/api/rectify", as: [RectificationRow].self)
            // The 交办单位 is the office the server's office file names, as in the report's 落款.
            let office = try options.client().call("GET", "/api/report", as: ReportData.self).issuer ?? "区政务服务办"
            let sheet = AssignmentSheet(unit: unit, from: rows, office: office)
            guard !sheet.rows.isEmpty else { throw CommandFailure("没有交办给“\(unit)”的整改事项（单位名称须与交办时一致）。") }
            let now = Date()
            switch format {
            case .xlsx: try XLSXAssignmentSheet.write(sheet, to: output, at: now)
            case .html: try sheet.html(at: now).write(toFile: output, atomically: true, encoding: .utf8)
            }
            print("已导出\(unit)的交办单（\(sheet.rows.count) 项）：\(output)")
        }
    }
}
