import ArgumentParser
import Foundation

/// A command's output formats, chosen by `--format` or else by the output file's extension.
protocol FileFormat: RawRepresentable<String>, CaseIterable, ExpressibleByArgument, Equatable {}

extension FileFormat {
    /// `given`, else the format `output`'s extension names, else `fallback`. A given format the
    /// extension contradicts is refused: a `.docx` holding plain text opens as garbage.
    static func chosen(_ given: Self?, output: String?, fallback: Self) throws -> Self {
        let ext = output.map { URL(fileURLWithPath: $0).pathExtension.lowercased() } ?? ""
        let named = Self(rawValue: ext)
        if let given, let named, given != named {
            throw ValidationError("--format \(given.rawValue) 与输出文件的扩展名 .\(ext) 不符：请把文件名改为 .\(given.rawValue)，或去掉 --format。")
        }
        return given ?? named ?? fallback
    }
}
