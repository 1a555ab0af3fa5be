import Foundation
import ZIPFoundation

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// The cells of an Excel workbook's first sheet as rows of text, as an office's 台账 holds them:
/// shared and inline strings, numbers as written (dates stay Excel serial numbers), and a merged
/// range's value in every cell it covers. Nothing is evaluated; formulas give their cached value.
public enum XLSXTable {
    /// At most this many bytes of XML are inflated from one workbook part.
    static let maxPartBytes = 64 << 20

    /// The rows (row number from 1, cells by column from 0), or a reason in Chinese.
    public static func read(_ bytes: [UInt8]) -> Result<[(line: Int, cells: [String])], TableError> {
        guard let archive = try? Archive(data: Data(bytes), accessMode: .read, pathEncoding: nil) else {
            return .failure(TableError("不是有效的 Excel（.xlsx）文件：无法作为 ZIP 读取"))
        }
        func part(_ path: String) -> Data? {
            guard let entry = archive[path], entry.uncompressedSize <= UInt64(maxPartBytes) else { return nil }
            var data = Data()
            guard (try? archive.extract(entry, skipCRC32: false) { data.append($0) }) != nil, data.count <= maxPartBytes else { return nil }
            return data
        }
        let sheetPath = firstSheetPath(archive, part: part)
        guard let sheetPath, let sheet = part(sheetPath) else {
            return .failure(TableError("Excel 文件中没有工作表（或工作表过大）"))
        }
        let strings = part("xl/sharedStrings.xml").map(SharedStrings.parse) ?? []
        let reader = SheetReader(strings: strings)
        let parser = XMLParser(data: sheet)
        parser.delegate = reader
        guard parser.parse() else { return .failure(TableError("Excel 工作表无法解析（\(sheetPath)）")) }
        return .success(reader.rows())
    }

    /// The first sheet of the workbook, from its relationships; `sheet1.xml` when they cannot be read.
    private static func firstSheetPath(_ archive: Archive, part: (String) -> Data?) -> String? {
        let fallback = "xl/worksheets/sheet1.xml"
        guard let workbook = part("xl/workbook.xml"), let relations = part("xl/_rels/workbook.xml.rels") else {
            return archive[fallback] == nil ? nil : fallback
        }
        let sheets = Attributes.collect(element: "sheet", attribute: "r:id", in: workbook)
        let targets = Attributes.pairs(element: "Relationship", key: "Id", value: "Target", in: relations)
        guard let id = sheets.first, let target = targets[id] else { return archive[fallback] == nil ? nil : fallback }
        return target.hasPrefix("/") ? String(target.dropFirst()) : "xl/" + target
    }
}

/// Why a table could not be read.
public struct TableError: Error, Sendable, Equatable {
    public var message: String
    public init(_ message: String) { self.message = message }
}

/// Attribute values of elements, for the workbook's small index parts.
private final class Attributes: NSObject, XMLParserDelegate {
    var found: [[String: String]] = []
    let element: String

    init(element: String) { self.element = element }

    func parser(
        _ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]
    ) {
        if name == element || name.hasSuffix(":" + element) { found.append(attributes) }
    }

    static func all(element: String, in data: Data) -> [[String: String]] {
        let collector = Attributes(element: element)
        let parser = XMLParser(data: data)
        parser.delegate = collector
        _ = parser.parse()
        return collector.found
    }

    static func collect(element: String, attribute: String, in data: Data) -> [String] {
        all(element: element, in: data).compactMap { $0[attribute] }
    }

    static func pairs(element: String, key: String, value: String, in data: Data) -> [String: String] {
        Dictionary(all(element: element, in: data).compactMap { attributes in attributes[key].flatMap { k in attributes[value].map { (k, $0) } } }) {
            first, _ in first
        }
    }
}

/// `xl/sharedStrings.xml`: each `<si>`'s text, its runs joined.
private final class SharedStrings: NSObject, XMLParserDelegate {
    var strings: [String] = []
    var current = ""
    var inText = false

    static func parse(_ data: Data) -> [String] {
        let reader = SharedStrings()
        let parser = XMLParser(data: data)
        parser.delegate = reader
        _ = parser.parse()
        return reader.strings
    }

    func parser(
        _ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]
    ) {
        if name == "si" { current = "" }
        if name == "t" { inText = true }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        if inText { current += string }
    }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        if name == "t" { inText = false }
        if name == "si" { strings.append(current) }
    }
}

/// A worksheet's cells and merged ranges.
private final class SheetReader: NSObject, XMLParserDelegate {
    let strings: [String]
    var cells: [Int: [Int: String]] = [:]
    var merges: [(top: Int, left: Int, bottom: Int, right: Int)] = []
    var reference: (row: Int, column: Int)?
    var type = ""
    var value = ""
    var collecting = false
    var nextRow = 1

    init(strings: [String]) { self.strings = strings }

    func parser(
        _ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]
    ) {
        switch name {
        case "row":
            nextRow = attributes["r"].flatMap(Int.init) ?? nextRow
        case "c":
            reference = attributes["r"].flatMap(Self.cell) ?? (nextRow, (cells[nextRow]?.keys.max() ?? -1) + 1)
            type = attributes["t"] ?? ""
            value = ""
        case "v", "t":
            collecting = reference != nil
        case "mergeCell":
            let parts = (attributes["ref"] ?? "").split(separator: ":").compactMap { Self.cell(String($0)) }
            if parts.count == 2 { merges.append((parts[0].row, parts[0].column, parts[1].row, parts[1].column)) }
        default: break
        }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        if collecting { value += string }
    }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        switch name {
        case "v", "t": collecting = false
        case "c":
            guard let (row, column) = reference else { return }
            var text = value
            if type == "s" { text = Int(value).flatMap { strings.indices.contains($0) ? strings[$0] : nil } ?? "" }
            if type == "b" { text = value == "1" ? "TRUE" : "FALSE" }
            if !text.isEmpty, column < 200 { cells[row, default: [:]][column] = text }
            reference = nil
        case "row": nextRow += 1
        default: break
        }
    }

    /// `B12` as row 12, column 1.
    static func cell(_ reference: String) -> (row: Int, column: Int)? {
        let letters = reference.prefix { $0.isLetter && $0.isASCII }
        guard !letters.isEmpty, letters.count <= 3, let row = Int(reference.dropFirst(letters.count)), row >= 1 else { return nil }
        let column = letters.uppercased().unicodeScalars.reduce(0) { $0 * 26 + Int($1.value) - 64 } - 1
        return (row, column)
    }

    /// Every row that has a cell, in order, a merged range's value copied to each cell it covers.
    func rows() -> [(line: Int, cells: [String])] {
        for merge in merges where merge.bottom - merge.top < 10_000 && merge.right - merge.left < 200 {
            guard let value = cells[merge.top]?[merge.left] else { continue }
            for row in merge.top...merge.bottom {
                for column in merge.left...merge.right { cells[row, default: [:]][column] = value }
            }
        }
        return cells.keys.sorted().map { row in
            let line = cells[row] ?? [:]
            let width = (line.keys.max() ?? -1) + 1
            return (row, (0..<width).map { line[$0] ?? "" })
        }
    }
}
