import Foundation
import SurveyCore

/// Reads an office's existing 整改台账, saved as CSV (UTF-8 or GB18030) or as an Excel workbook, into
/// problems to enter. Columns are found by their usual headers and synonyms; title rows above the
/// header are skipped. Every row that does not read is named with its column.
public enum RegisterSheet {
    /// What a file holds: the rows that read, each with its row number, and what is wrong with the others.
    public struct Sheet: Sendable {
        public var entries: [(line: Int, entry: RegisterEntry)]
        /// Each row that did not read, with what is wrong with it (one message per row).
        public var problems: [(line: Int, message: String)]
    }

    /// One column the 台账 may have: its field and the headers offices give it.
    struct Column {
        let field: String
        let headers: [String]
    }

    static let columns = [
        Column(field: "ref", headers: ["序号", "编号", "原序号"]),
        Column(field: "source", headers: ["问题来源", "来源", "问题渠道", "来源渠道"]),
        Column(field: "text", headers: ["问题描述", "存在问题", "存在的问题", "问题内容", "具体问题", "问题表现", "问题"]),
        Column(field: "items", headers: ["自查项", "所属自查项", "自查项目"]),
        Column(field: "unit", headers: ["牵头单位", "责任单位", "主责单位", "承办单位"]),
        Column(field: "owner", headers: ["责任人", "具体责任人"]),
        Column(field: "measure", headers: ["整改措施", "整改举措"]),
        Column(field: "deadline", headers: ["整改时限", "完成时限", "时限", "整改期限"]),
        Column(field: "progress", headers: ["整改进展", "进展情况", "整改进度"]),
        Column(field: "completed", headers: ["完成情况", "整改情况", "整改状态", "是否完成"]),
        Column(field: "raised", headers: ["反映日期", "发现时间", "反映时间", "登记日期"]),
    ]

    /// The entries of `bytes` (`.xlsx` when `isWorkbook`, else CSV), each with its row number;
    /// `source` and `items` stand in for columns the file lacks.
    public static func entries(
        _ bytes: [UInt8], isWorkbook: Bool, source: String?, items: [String]
    ) -> Result<Sheet, TableError> {
        let table: [(line: Int, cells: [String])]
        if isWorkbook {
            switch XLSXTable.read(bytes) {
            case .success(let rows): table = rows
            case .failure(let error): return .failure(error)
            }
        } else {
            guard let text = RosterCSV.decode(bytes) else {
                return .failure(TableError("无法识别文件编码，请另存为 UTF-8 或 GB18030（GBK）编码的 CSV 文件"))
            }
            let records = CSVRecords.split(text)
            if let unclosed = CSVRecords.unclosedQuoteError(in: records) { return .failure(TableError(unclosed)) }
            table = records.map { ($0.line, $0.fields) }
        }
        return entries(table, source: source, items: items)
    }

    static func entries(
        _ table: [(line: Int, cells: [String])], source: String?, items defaultItems: [String]
    ) -> Result<Sheet, TableError> {
        func field(of header: String) -> String? {
            let name = header.filter { !$0.isWhitespace }
            return columns.first { $0.headers.contains(name) }?.field
        }
        // The header is the first row (of the first ten) naming the problem column; title rows,
        // often one merged cell, stand above it.
        guard let headerIndex = table.prefix(10).firstIndex(where: { $0.cells.contains { field(of: $0) == "text" } }) else {
            return .failure(TableError("未找到表头：须有“问题描述”（或“存在问题”）列"))
        }
        let header = table[headerIndex]
        var index: [String: Int] = [:]
        for (position, name) in header.cells.enumerated() {
            if let field = field(of: name), index[field] == nil { index[field] = position }
        }
        var missing: [String] = []
        if index["source"] == nil && source == nil { missing.append("“问题来源”列（或用 --source 指定来源）") }
        if index["items"] == nil && defaultItems.isEmpty { missing.append("“自查项”列（或用 --item 指定自查项）") }
        guard missing.isEmpty else { return .failure(TableError("第 \(header.line) 行表头缺少" + missing.joined(separator: "、"))) }
        var entries: [(line: Int, entry: RegisterEntry)] = []
        var problems: [(line: Int, message: String)] = []
        for row in table.dropFirst(headerIndex + 1) where !row.cells.allSatisfy({ $0.trimmingCharacters(in: .whitespaces).isEmpty }) {
            func cell(_ field: String) -> String? {
                guard let position = index[field], position < row.cells.count else { return nil }
                return row.cells[position].trimmingCharacters(in: .whitespacesAndNewlines).nilIfEmpty
            }
            func name(_ field: String) -> String { header.cells[index[field] ?? 0].filter { !$0.isWhitespace } }
            var rowProblems: [String] = []
            let text = cell("text")
            if text == nil { rowProblems.append("“\(name("text"))”列为空") }
            let rowSource = cell("source") ?? source
            if rowSource == nil { rowProblems.append("“\(name("source"))”列为空") }
            let rowItems = cell("items").map(itemIDs) ?? defaultItems
            if rowItems.isEmpty { rowProblems.append("“\(name("items"))”列为空") }
            var dates: [String: String] = [:]
            for field in ["deadline", "raised"] {
                guard let value = cell(field), !(field == "deadline" && value.hasPrefix("长期")) else { continue }
                if let day = day(value) { dates[field] = day } else { rowProblems.append("“\(name(field))”列“\(value.prefix(20))”不是日期") }
            }
            if !rowProblems.isEmpty { problems.append((row.line, rowProblems.joined(separator: "；"))) }
            // A row with a bad date is still checked for the rest (its source, items and unit).
            guard let text, let rowSource, !rowItems.isEmpty else { continue }
            var entry = RegisterEntry(
                source: rowSource, text: text, items: rowItems, unit: cell("unit"), raised: dates["raised"], ref: cell("ref"))
            entry.owner = cell("owner")
            entry.measure = cell("measure")
            entry.deadline = dates["deadline"]
            entry.progress = cell("progress")
            entry.completed = cell("completed").map(isDone)
            entries.append((row.line, entry))
        }
        guard !entries.isEmpty || !problems.isEmpty else { return .failure(TableError("第 \(header.line) 行表头之下没有数据行")) }
        return .success(Sheet(entries: entries, problems: problems))
    }

    /// `R05`, `5`, `R05、R07` or `R05,R07` as review item ids.
    static func itemIDs(_ text: String) -> [String] {
        text.split(whereSeparator: { "、,，;；/ ".contains($0) }).map { ReviewItem.id(named: String($0)) }
    }

    /// A day as offices write it (2023-12-31, 2023/12/31, 2023.12.31, 2023年12月31日), or an Excel
    /// date serial number, as `yyyy-MM-dd`; nil when it is none.
    static func day(_ text: String) -> String? {
        if let serial = Double(text), serial >= 20_000, serial < 80_000 {
            // Excel's day 1 is 1900-01-01, counting the 1900-02-29 that never was.
            let date = Date(timeIntervalSince1970: (serial.rounded(.down) - 25_569) * 86_400)
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = TimeZone(identifier: "UTC")!
            let parts = calendar.dateComponents([.year, .month, .day], from: date)
            return String(format: "%04d-%02d-%02d", parts.year!, parts.month!, parts.day!)
        }
        let numbers = text.split(whereSeparator: { "-/.年月日 ".contains($0) }).map { Int($0) }
        guard numbers.count == 3, let year = numbers[0], let month = numbers[1], let dayNumber = numbers[2] else { return nil }
        let day = String(format: "%04d-%02d-%02d", year, month, dayNumber)
        return Day.parse(day) == nil ? nil : day
    }

    /// Whether a 完成情况 cell says the problem was fixed.
    static func isDone(_ text: String) -> Bool {
        ["已完成", "已整改", "已办结", "已销号", "完成", "是", "办结"].contains(text) || text.hasPrefix("已完成") || text.hasPrefix("已整改")
    }
}
