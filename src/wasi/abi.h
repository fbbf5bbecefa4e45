// WASI preview1 ABI constants and layouts (from the witx definitions of
// wasi_snapshot_preview1). Guest structures are little-endian and packed as noted.
#pragma once
#include <cstdint>

namespace akira::wasi {

using Errno = uint16_t;

enum : Errno {
  kSuccess = 0,
  k2Big = 1,
  kAcces = 2,
  kAddrInUse = 3,
  kAddrNotAvail = 4,
  kAfNoSupport = 5,
  kAgain = 6,
  kAlready = 7,
  kBadf = 8,
  kBadMsg = 9,
  kBusy = 10,
  kCanceled = 11,
  kChild = 12,
  kConnAborted = 13,
  kConnRefused = 14,
  kConnReset = 15,
  kDeadlk = 16,
  kDestAddrReq = 17,
  kDom = 18,
  kDquot = 19,
  kExist = 20,
  kFault = 21,
  kFbig = 22,
  kHostUnreach = 23,
  kIdrm = 24,
  kIlseq = 25,
  kInProgress = 26,
  kIntr = 27,
  kInval = 28,
  kIo = 29,
  kIsConn = 30,
  kIsDir = 31,
  kLoop = 32,
  kMfile = 33,
  kMlink = 34,
  kMsgSize = 35,
  kMultihop = 36,
  kNameTooLong = 37,
  kNetDown = 38,
  kNetReset = 39,
  kNetUnreach = 40,
  kNfile = 41,
  kNoBufs = 42,
  kNoDev = 43,
  kNoEnt = 44,
  kNoExec = 45,
  kNoLck = 46,
  kNoLink = 47,
  kNoMem = 48,
  kNoMsg = 49,
  kNoProtoOpt = 50,
  kNoSpc = 51,
  kNoSys = 52,
  kNotConn = 53,
  kNotDir = 54,
  kNotEmpty = 55,
  kNotRecoverable = 56,
  kNotSock = 57,
  kNotSup = 58,
  kNotTy = 59,
  kNxio = 60,
  kOverflow = 61,
  kOwnerDead = 62,
  kPerm = 63,
  kPipe = 64,
  kProto = 65,
  kProtoNoSupport = 66,
  kProtoType = 67,
  kRange = 68,
  kRofs = 69,
  kSpipe = 70,
  kSrch = 71,
  kStale = 72,
  kTimedOut = 73,
  kTxtBsy = 74,
  kXdev = 75,
  kNotCapable = 76,
};

// filetype (u8)
enum : uint8_t {
  kFiletypeUnknown = 0,
  kFiletypeBlockDevice = 1,
  kFiletypeCharacterDevice = 2,
  kFiletypeDirectory = 3,
  kFiletypeRegularFile = 4,
  kFiletypeSocketDgram = 5,
  kFiletypeSocketStream = 6,
  kFiletypeSymbolicLink = 7,
};

// rights (u64)
enum : uint64_t {
  kRightFdDatasync = 1ull << 0,
  kRightFdRead = 1ull << 1,
  kRightFdSeek = 1ull << 2,
  kRightFdFdstatSetFlags = 1ull << 3,
  kRightFdSync = 1ull << 4,
  kRightFdTell = 1ull << 5,
  kRightFdWrite = 1ull << 6,
  kRightFdAdvise = 1ull << 7,
  kRightFdAllocate = 1ull << 8,
  kRightPathCreateDirectory = 1ull << 9,
  kRightPathCreateFile = 1ull << 10,
  kRightPathLinkSource = 1ull << 11,
  kRightPathLinkTarget = 1ull << 12,
  kRightPathOpen = 1ull << 13,
  kRightFdReaddir = 1ull << 14,
  kRightPathReadlink = 1ull << 15,
  kRightPathRenameSource = 1ull << 16,
  kRightPathRenameTarget = 1ull << 17,
  kRightPathFilestatGet = 1ull << 18,
  kRightPathFilestatSetSize = 1ull << 19,
  kRightPathFilestatSetTimes = 1ull << 20,
  kRightFdFilestatGet = 1ull << 21,
  kRightFdFilestatSetSize = 1ull << 22,
  kRightFdFilestatSetTimes = 1ull << 23,
  kRightPathSymlink = 1ull << 24,
  kRightPathRemoveDirectory = 1ull << 25,
  kRightPathUnlinkFile = 1ull << 26,
  kRightPollFdReadwrite = 1ull << 27,
  kRightSockShutdown = 1ull << 28,
  kRightSockAccept = 1ull << 29,
  kRightsAll = (1ull << 30) - 1,
};

// The most each kind of descriptor can hold (the sets of the preview 1 reference
// implementations): a right outside its kind's set could never be used, so path_open
// drops it. Directories hold the path rights; the file rights are only inheritable.
constexpr uint64_t kRightsRegularFileBase = kRightFdDatasync | kRightFdRead | kRightFdSeek | kRightFdFdstatSetFlags |
                                            kRightFdSync | kRightFdTell | kRightFdWrite | kRightFdAdvise |
                                            kRightFdAllocate | kRightFdFilestatGet | kRightFdFilestatSetSize |
                                            kRightFdFilestatSetTimes | kRightPollFdReadwrite;
constexpr uint64_t kRightsDirectoryBase =
    kRightFdFdstatSetFlags | kRightFdSync | kRightFdAdvise | kRightPathCreateDirectory | kRightPathCreateFile |
    kRightPathLinkSource | kRightPathLinkTarget | kRightPathOpen | kRightFdReaddir | kRightPathReadlink |
    kRightPathRenameSource | kRightPathRenameTarget | kRightPathFilestatGet | kRightPathFilestatSetSize |
    kRightPathFilestatSetTimes | kRightFdFilestatGet | kRightFdFilestatSetTimes | kRightPathSymlink |
    kRightPathRemoveDirectory | kRightPathUnlinkFile | kRightPollFdReadwrite;
constexpr uint64_t kRightsDirectoryInheriting = kRightsDirectoryBase | kRightsRegularFileBase;

// fdflags (u16)
enum : uint16_t {
  kFdflagAppend = 1,
  kFdflagDsync = 2,
  kFdflagNonblock = 4,
  kFdflagRsync = 8,
  kFdflagSync = 16,
};
// oflags (u16)
enum : uint16_t { kOflagCreat = 1, kOflagDirectory = 2, kOflagExcl = 4, kOflagTrunc = 8 };
// lookupflags (u32)
enum : uint32_t { kLookupSymlinkFollow = 1 };
// fstflags (u16)
enum : uint16_t { kFstAtim = 1, kFstAtimNow = 2, kFstMtim = 4, kFstMtimNow = 8 };
// whence (u8)
enum : uint8_t { kWhenceSet = 0, kWhenceCur = 1, kWhenceEnd = 2 };
// clockid (u32)
enum : uint32_t { kClockRealtime = 0, kClockMonotonic = 1, kClockProcessCputime = 2, kClockThreadCputime = 3 };
// eventtype (u8)
enum : uint8_t { kEventClock = 0, kEventFdRead = 1, kEventFdWrite = 2 };
// subclockflags (u16)
enum : uint16_t { kSubclockAbstime = 1 };
// sdflags (u8)
enum : uint8_t { kSdflagRd = 1, kSdflagWr = 2 };
// preopentype (u8)
enum : uint8_t { kPreopenDir = 0 };

// Layouts: sizes and field offsets in guest memory.
namespace layout {
constexpr uint32_t kIovecSize = 8;    // buf u32 @0, buf_len u32 @4
constexpr uint32_t kFdstatSize = 24;  // filetype u8 @0, flags u16 @2, rights_base u64 @8, rights_inheriting u64 @16
constexpr uint32_t kFilestatSize =
    64;  // dev @0, ino @8, filetype u8 @16, nlink @24, size @32, atim @40, mtim @48, ctim @56
constexpr uint32_t kDirentSize = 24;        // d_next u64 @0, d_ino u64 @8, d_namlen u32 @16, d_type u8 @20
constexpr uint32_t kPrestatSize = 8;        // tag u8 @0, pr_name_len u32 @4
constexpr uint32_t kSubscriptionSize = 48;  // userdata u64 @0, tag u8 @8, clock{id u32 @16, timeout u64 @24, precision
                                            // u64 @32, flags u16 @40} | fd u32 @16
constexpr uint32_t kEventSize = 32;         // userdata u64 @0, error u16 @8, type u8 @10, nbytes u64 @16, flags u16 @24
}  // namespace layout

// Maps a host errno value to a WASI errno.
Errno errno_from_host(int e);

}  // namespace akira::wasi
