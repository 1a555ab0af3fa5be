import ArgumentParser
import Foundation
import SurveyCore
import SurveyFiles
import SurveyReports
import SurveyStore

/// `survey report`: the self-inspection report over all 19 items and the rectification list.
struct Report: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "生成自查报告和整改清单：docx（Word，可编辑上报）、csv（整改清单）、md、html（可打印 A4）、xlsx。可离线读取数据库文件。")

    enum Format: String, FileFormat { case csv, md, html, xlsx, docx }

    @Option(help: "格式：docx、csv、md、html、xlsx；不指定则按输出文件的扩展名，否则为 html。") var format: Format?
    @Option(name: .shortAndLong, help: "输出文件（xlsx、docx 必填）；不指定则输出到屏幕。") var output: String?
    @Option(help: "主送机关（正文抬头，各格式），如“区优化营商环境工作联席会议办公室”；不指定则用办公室文件中的。") var recipient: String?
    @Option(help: "落款单位（文末，各格式），如“区政务服务办”；不指定则用办公室文件中的。") var issuer: String?
    @Option(help: "截至日期：报告中的一切数字和状态都按这一天结束时的情况（此后登记的事项不列入，此后的变更不计）；不指定则为现在。") var asOf: String?
    @Option(help: "成文日期（落款下的日期），如 2023-01-10；不指定则为截至日期，或今天。") var date: String?
    @Option(help: "离线：直接读取此数据库（SQLite 文件或 postgres:// 地址），不连接服务器。") var db: String?
    @Option(help: "离线读取 PostgreSQL 时的区（如 dongli）。") var district: String?
    @Option(help: "离线时使用的自查项文件（默认：当前目录或安装目录下的 Surveys/review-items.yaml）。") var reviewItems: String?
    @OptionGroup var options: ServerOptions

    func validate() throws {
        if let date, Day.parse(date) == nil { throw ValidationError("--date 应为 2023-01-10 这样的日期，收到“\(date.prefix(32))”。") }
        if let asOf {
            guard Day.parse(asOf) != nil else { throw ValidationError("--as-of 应为 2023-01-10 这样的日期，收到“\(asOf.prefix(32))”。") }
            guard asOf <= Day.string(Date()) else { throw ValidationError("--as-of \(asOf) 晚于今天。") }
        }
        if district != nil && !(db.map(PostgresStore.isURL) ?? false) {
            throw ValidationError("--district 只用于离线读取 PostgreSQL（--db postgres://…）。")
        }
        let format = try Format.chosen(format, output: output, fallback: .html)
        if [.xlsx, .docx].contains(format) && output == nil { throw ValidationError("\(format.rawValue) 格式须用 -o 指定输出文件。") }
    }

    func run() throws {
        try OutputFile.check(output)
        let format = try Format.chosen(format, output: output, fallback: .html)
        let now = Date()
        var data: ReportData
        if let db {
            guard PostgresStore.isURL(db) || FileManager.default.fileExists(atPath: db) else { throw CommandFailure("找不到数据库文件 \(db)") }
            let items: [ReviewItem]
            let calendar: WorkCalendar
            let office: OfficeProfile
            let reviewItems = self.reviewItems ?? InstallLocations.find("Surveys/review-items.yaml") ?? "Surveys/review-items.yaml"
            do {
                let loaded = try ReviewItemsLoader.load(yaml: SurveyFile.bytes(reviewItems), file: reviewItems)
                calendar = try SurveyFile.workCalendar(beside: reviewItems)
                office = try SurveyFile.office(beside: reviewItems, reviewItems: loaded)
                items = office.apply(to: loaded)
            } catch {
                throw CommandFailure("自查项、节假日或办公室文件有误：\n\(error.description)")
            }
            let database =
                PostgresStore.isURL(db) ? SurveyDatabase(store: try PostgresStore(url: db, district: district, readOnly: true)) : try SurveyDatabase(path: db)
            data = try database.offlineReport(
                reviewItems: items, threshold: .standard, calendar: calendar, office: office, at: now,
                asOf: asOf.flatMap(Day.parse).map { $0.addingTimeInterval(86_400) })
        } else {
            let query = asOf.map { [URLQueryItem(name: "as_of", value: $0)] } ?? []
            data = try options.client().call("GET", "/api/report", query: query, as: ReportData.self)
        }
        // Given here, they replace the office file's 主送 and 落款, and today's date, in every format.
        if let recipient { data.recipient = recipient }
        if let issuer {
            // The title names who reports: the 落款's issuer, not the office file's, once one is given.
            if let office = data.issuer, data.title.hasPrefix(office) { data.title = issuer + data.title.dropFirst(office.count) }
            data.issuer = issuer
        }
        if let day = (date ?? asOf).flatMap(Day.parse) { data.generatedAt = Timestamp.string(day) }
        // As of an earlier day, what was overdue is judged at the end of that day.
        let judged = asOf.flatMap(Day.parse).map { $0.addingTimeInterval(86_399) } ?? now
        let text: String
        switch format {
        case .csv: text = ReportRenderer.csv(data, at: judged)
        case .md: text = ReportRenderer.markdown(data, at: judged)
        case .html: text = ReportRenderer.html(data, at: judged)
        case .xlsx:
            try XLSXReport.write(data, to: output!, at: judged)
            printError("已生成 \(output!)（整改清单 \(data.rows.count) 项，自查项 \(data.sections.count) 个）。")
            return
        case .docx:
            try DocxReport.write(data, letterhead: .init(recipient: recipient, issuer: issuer), to: output!, at: judged)
            printError("已生成 \(output!)（Word 文档：正文及附件整改台账 \(data.rows.count) 项）。")
            return
        }
        try emit(text, to: output, done: "已生成 \(output ?? "")（整改清单 \(data.rows.count) 项）。")
    }
}
