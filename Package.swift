// swift-tools-version: 6.1
import PackageDescription

let package = Package(
  name: "StartWell",
  platforms: [.macOS(.v14)],
  products: [
    .executable(name: "startwell", targets: ["startwell"]),
    .executable(name: "startwell-bench", targets: ["startwell-bench"]),
  ],
  dependencies: [
    .package(url: "https://github.com/groue/GRDB.swift", exact: "7.10.0"),
    .package(url: "https://github.com/apple/swift-argument-parser", exact: "1.8.2"),
    .package(url: "https://github.com/apple/swift-crypto", exact: "3.12.3"),
  ],
  targets: [
    // The only C in the project: a module map and shim over ncursesw, and
    // one call SQLite's variadic configuration needs.
    .systemLibrary(
      name: "CNCurses",
      pkgConfig: "ncursesw",
      providers: [.apt(["libncurses-dev"])]
    ),
    .target(name: "CSQLiteTuning", linkerSettings: [.linkedLibrary("sqlite3")]),
    // Pure domain: value types, validation, workflows, permissions, risk, clocks.
    .target(name: "StartWellCore"),
    // Local SQLite store: schema, queries, search, outbox and audit chain.
    .target(
      name: "StartWellStore",
      dependencies: [
        "StartWellCore", "CSQLiteTuning",
        .product(name: "GRDB", package: "GRDB.swift"),
        .product(name: "GRDBSQLite", package: "GRDB.swift"),
        .product(name: "Crypto", package: "swift-crypto"),
        .product(name: "_CryptoExtras", package: "swift-crypto"),
      ]
    ),
    // Shared-folder sync: file format, encryption, push/pull, merge, quarantine.
    .target(
      name: "StartWellSync",
      dependencies: [
        "StartWellCore", "StartWellStore",
        .product(name: "Crypto", package: "swift-crypto"),
        .product(name: "_CryptoExtras", package: "swift-crypto"),
      ],
      exclude: ["FORMAT.md"]
    ),
    // Cell grid, display width, styles, key decoding, ncurses and test backends.
    .target(name: "TerminalUI", dependencies: ["CNCurses"]),
    // Screens: state, update(msg), view(state) -> cells.
    .target(
      name: "StartWellApp",
      dependencies: ["StartWellCore", "StartWellStore", "StartWellSync", "TerminalUI"]
    ),
    .executableTarget(
      name: "startwell",
      dependencies: [
        "StartWellCore", "StartWellStore", "StartWellSync", "StartWellApp", "TerminalUI",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
        .product(name: "_CryptoExtras", package: "swift-crypto"),
      ]
    ),
    .executableTarget(
      name: "startwell-bench",
      dependencies: [
        "StartWellCore", "StartWellStore", "StartWellSync", "StartWellApp", "TerminalUI",
        .product(name: "GRDBSQLite", package: "GRDB.swift"),
        .product(name: "Crypto", package: "swift-crypto"),
      ]
    ),
    .testTarget(name: "StartWellCoreTests", dependencies: ["StartWellCore"]),
    .testTarget(name: "StartWellStoreTests", dependencies: ["StartWellCore", "StartWellStore"]),
    .testTarget(
      name: "StartWellSyncTests", dependencies: ["StartWellCore", "StartWellStore", "StartWellSync"]),
    .testTarget(
      name: "TerminalUITests", dependencies: ["TerminalUI"], exclude: ["__Snapshots__", "Fixtures"]),
    .testTarget(
      name: "StartWellAppTests",
      dependencies: ["StartWellCore", "StartWellStore", "StartWellSync", "StartWellApp", "TerminalUI"],
      exclude: ["__Snapshots__"]
    ),
    .testTarget(name: "StartWellCLITests", dependencies: ["StartWellCore", "TerminalUI"]),
  ]
)
