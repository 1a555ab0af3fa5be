import Foundation
import SurveyAPI
import SurveyCore

/// Personal links as a CSV sheet for staff to hand out: UTF-8 with a BOM, so that Excel on Chinese
/// Windows opens it.
public enum LinksCSV {
    public static let header = ["id", "name", "category", "organization", "phone", "token", "link"]

    /// The sheet for `links`, with links on `baseURL` (e.g. `http://10.0.0.5:8080`).
    public static func render(_ links: [IssuedLink], baseURL: String) -> String {
        var lines = [header.joined(separator: ",")]
        for link in links {
            let person = link.supervisor
            let fields = [
                person.id, person.name, person.category.rawValue, person.organization ?? "", person.phone ?? "",
                link.token, "\(baseURL)/#t=\(link.token)",
            ]
            lines.append(fields.map(escape).joined(separator: ","))
        }
        return "\u{FEFF}" + lines.joined(separator: "\r\n") + "\r\n"
    }

    /// Each supervisor's id, name and link in a sheet written by `render`, in order.
    public static func entries(in text: String) -> [(id: String, name: String, link: String)] {
        let records = CSVRecords.split(text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text)
        guard let header = records.first, let id = header.fields.firstIndex(of: "id"), let name = header.fields.firstIndex(of: "name"),
            let link = header.fields.firstIndex(of: "link")
        else { return [] }
        return records.dropFirst().compactMap { record in
            let fields = record.fields
            guard fields.count > max(id, name, link), !fields[link].isEmpty else { return nil }
            return (fields[id], fields[name], fields[link])
        }
    }

    /// A sheet written by `render` with its links moved to `baseURL`, or nil when they are there
    /// already (a sheet written before the server knew its address, like the sample data's).
    public static func rebased(_ text: String, baseURL: String) -> String? {
        guard let first = entries(in: text).first?.link, let marker = first.range(of: "/#t=") else { return nil }
        let old = String(first[..<marker.lowerBound])
        guard old != baseURL else { return nil }
        // Reading a file as a String drops its BOM; Excel on Chinese Windows needs it back.
        let moved = text.replacingOccurrences(of: old + "/#t=", with: baseURL + "/#t=")
        return moved.hasPrefix("\u{FEFF}") ? moved : "\u{FEFF}" + moved
    }

    /// The tokens in a sheet written by `render`, in order.
    public static func tokens(in text: String) -> [String] {
        let records = CSVRecords.split(text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text)
        guard let header = records.first, let column = header.fields.firstIndex(of: "token") else { return [] }
        return records.dropFirst().compactMap { column < $0.fields.count ? $0.fields[column] : nil }.filter { !$0.isEmpty }
    }

    /// Quotes a field when it holds a comma, quote or line break, and keeps a formula from starting
    /// in Excel (see `UntrustedText.forSpreadsheet`).
    public static func escape(_ text: String) -> String {
        let field = UntrustedText.forSpreadsheet(text)
        guard field.contains(where: { $0 == "," || $0 == "\"" || $0.isNewline }) else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
