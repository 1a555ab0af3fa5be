import ArgumentParser
import Foundation

/// A command's output formats, chosen by `--format` or else by the output file's extension.
protocol FileFormat: RawRepresentable<String>, CaseIterable, ExpressibleByArgument, Equatable {}

extension FileFormat {
    /// Extensions that name a file type of their own (office documents, tables, pages, data).
    static var wellKnown: Set<String> {
        ["csv", "md", "markdown", "html", "htm", "xlsx", "xls", "docx", "doc", "pdf", "json", "jsonl", "odt", "ods", "wps", "et"]
    }

    /// `given`, else the format `output`'s extension names, else `fallback` (a file without an
    /// extension, or the screen). A given format the extension contradicts is refused: a `.docx`
    /// holding plain text opens as garbage; so is an extension that names no format, unless given.
    static func chosen(_ given: Self?, output: String?, fallback: Self) throws -> Self {
        let ext = output.map { URL(fileURLWithPath: $0).pathExtension.lowercased() } ?? ""
        let named = Self(rawValue: ["htm": "html", "markdown": "md"][ext] ?? ext)
        // A file type everyone knows by its extension must hold that type, whichever command writes it.
        if let given, named.map({ $0 != given }) ?? Self.wellKnown.contains(ext) {
            throw ValidationError("--format \(given.rawValue) 与输出文件的扩展名 .\(ext) 不符：请把文件名改为 .\(given.rawValue)，或去掉 --format。")
        }
        // An extension that names no format this command writes (x.pdf) is a mistake, not a wish for the default.
        if given == nil, named == nil, !ext.isEmpty {
            let formats = allCases.map(\.rawValue).joined(separator: "、")
            throw ValidationError("输出文件的扩展名 .\(ext) 不是可生成的格式（\(formats)）：请改用其中之一，或用 --format 指定。")
        }
        return given ?? named ?? fallback
    }
}
