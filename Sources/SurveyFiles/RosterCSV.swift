import Foundation
import SurveyCore

/// Reads a roster spreadsheet saved as CSV: UTF-8 (with or without a BOM) or GB18030/GBK, as Excel
/// on Chinese Windows writes it. Reports every bad row with its line number.
public enum RosterCSV {
    /// One valid row of the file.
    public struct Row: Sendable, Equatable {
        public var line: Int
        public var id: String?
        public var name: String
        public var category: SupervisorCategory
        public var organization: String?
        public var phone: String?
    }

    /// Column names accepted in the header row, English or Chinese.
    static let columns: [String: String] = [
        "id": "id", "编号": "id", "name": "name", "姓名": "name", "category": "category", "类别": "category",
        "organisation": "organization", "organization": "organization", "单位": "organization", "phone": "phone", "电话": "phone",
    ]

    /// GB18030, a superset of GBK and GB2312.
    static let gb18030 = String.Encoding(rawValue: 0x8000_0632)

    /// Parses the whole file. Either every row is valid, or the errors (with line numbers) are returned.
    /// `categories` are the office's; a row with any other is refused.
    public static func parse(_ bytes: [UInt8], categories: [SupervisorCategory] = SupervisorCategory.standard) -> Result<[Row], RosterErrors> {
        guard let text = decode(bytes) else {
            return .failure(RosterErrors(["无法识别文件编码，请另存为 UTF-8 或 GB18030（GBK）编码的 CSV 文件"]))
        }
        let records = CSVRecords.split(text)
        if let unclosed = CSVRecords.unclosedQuoteError(in: records) { return .failure(RosterErrors([unclosed])) }
        guard let header = records.first, !header.fields.allSatisfy({ $0.isEmpty }) else {
            return .failure(RosterErrors(["文件为空，缺少表头（姓名,类别,单位,电话,编号）"]))
        }
        var index: [String: Int] = [:]
        var errors: [String] = []
        for (position, name) in header.fields.enumerated() {
            let key = name.trimmingCharacters(in: .whitespaces).lowercased()
            guard let column = columns[key] else {
                errors.append("第 \(header.line) 行：未知的列“\(name)”，可用：姓名/name、类别/category、单位/organisation、电话/phone、编号/id")
                continue
            }
            index[column] = position
        }
        for required in ["name", "category"] where index[required] == nil {
            errors.append("第 \(header.line) 行：缺少“\(required == "name" ? "姓名" : "类别")”列")
        }
        guard errors.isEmpty else { return .failure(RosterErrors(errors)) }
        var rows: [Row] = []
        var seenIDs: [String: Int] = [:]
        for record in records.dropFirst() where !record.fields.allSatisfy({ $0.trimmingCharacters(in: .whitespaces).isEmpty }) {
            func field(_ column: String) -> String? {
                guard let position = index[column], position < record.fields.count else { return nil }
                let value = record.fields[position].trimmingCharacters(in: .whitespaces)
                return value.isEmpty ? nil : value
            }
            var problems: [String] = []
            let name = field("name")
            if name == nil { problems.append("姓名为空") }
            let categoryText = field("category")
            let category = categoryText.map(SupervisorCategory.init(rawValue:)).flatMap { categories.contains($0) ? $0 : nil }
            if category == nil {
                problems.append(
                    "类别“\(categoryText ?? "")”不在办公室文件（office.yaml）的类别中，应为 "
                        + categories.map(\.rawValue).joined(separator: "、") + " 之一")
            }
            let phone = field("phone")
            if let phone, !phone.allSatisfy({ $0.isASCII && ($0.isNumber || "-+ ".contains($0)) }) || phone.count > 20 {
                problems.append("电话“\(phone)”格式无效")
            }
            let id = field("id")
            if let id {
                if !id.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }) || id.count > 32 {
                    problems.append("编号“\(id)”只能包含英文字母、数字、- 和 _")
                } else if let earlier = seenIDs[id] {
                    problems.append("编号“\(id)”与第 \(earlier) 行重复")
                } else {
                    seenIDs[id] = record.line
                }
            }
            if let name, let category, problems.isEmpty {
                rows.append(Row(line: record.line, id: id, name: name, category: category, organization: field("organization"), phone: phone))
            } else {
                errors.append("第 \(record.line) 行：" + problems.joined(separator: "；"))
            }
        }
        if rows.isEmpty && errors.isEmpty { errors.append("文件中没有监督员数据行") }
        return errors.isEmpty ? .success(rows) : .failure(RosterErrors(errors))
    }

    /// UTF-8 (BOM stripped) when valid, otherwise GB18030.
    static func decode(_ bytes: [UInt8]) -> String? {
        let body = ByteOrderMark.stripped(bytes)
        if let text = String(validating: body, as: UTF8.self) { return text }
        return String(data: Data(body), encoding: gb18030)
    }
}

/// Every problem found in a roster file; nothing is imported while there are any.
public struct RosterErrors: Error, Sendable, Equatable {
    public var messages: [String]
    public init(_ messages: [String]) { self.messages = messages }
}
