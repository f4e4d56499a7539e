// ZeroedArray<T>: a fixed-size array of trivially copyable T, all bytes zero
// at first, whose large instances cost no time up front.
//
// Large arrays (1 MiB and more) are mapped straight from the kernel: their
// pages are zero until touched, and ReleaseBelow() unmaps the pages of a
// prefix no longer used, so that freeing a large array that was emptied bit
// by bit (an index being migrated, route_table.h) does not stall for
// milliseconds at the end (unmapping 8 MiB at once took 2-3 ms in a VM, even
// with its pages already given back by madvise), and Touch() maps pages ahead of use, so that a
// large array being filled at random (a new hash index) does not take its
// page faults (several microseconds each in a VM) a few hundred at a time.
// (Transparent huge pages were tried: one fault then zeroes 2 MiB, and in a
// VM that stalled for 3.5 ms.) Small arrays come from calloc.
#pragma once

#include <sys/mman.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <new>
#include <type_traits>
#include <utility>

namespace herald::rib {

template <typename T>
class ZeroedArray {
  static_assert(std::is_trivially_copyable_v<T>);

 public:
  ZeroedArray() = default;
  explicit ZeroedArray(size_t n) : n_(n) {
    if (n == 0) return;
    size_t bytes = n * sizeof(T);
    if (bytes >= kMapped) {
      void* p = ::mmap(nullptr, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
      if (p == MAP_FAILED) throw std::bad_alloc();
      p_ = static_cast<T*>(p);
      mapped_ = true;
    } else {
      p_ = static_cast<T*>(std::calloc(n, sizeof(T)));
      if (!p_) throw std::bad_alloc();
    }
  }
  ZeroedArray(ZeroedArray&& o) noexcept
      : p_(std::exchange(o.p_, nullptr)),
        n_(std::exchange(o.n_, 0)),
        unmapped_(std::exchange(o.unmapped_, 0)),
        mapped_(o.mapped_) {}
  ZeroedArray& operator=(ZeroedArray&& o) noexcept {
    if (this != &o) {
      Free();
      p_ = std::exchange(o.p_, nullptr);
      n_ = std::exchange(o.n_, 0);
      unmapped_ = std::exchange(o.unmapped_, 0);
      mapped_ = o.mapped_;
    }
    return *this;
  }
  ~ZeroedArray() { Free(); }

  bool empty() const { return n_ == 0; }
  size_t size() const { return n_; }
  T& operator[](size_t i) { return p_[i]; }
  const T& operator[](size_t i) const { return p_[i]; }

  // Makes sure the pages of elements [begin, end) are mapped, without
  // changing what they hold.
  void Touch(size_t begin, size_t end) {
    if (!mapped_) return;
    static const size_t step = static_cast<size_t>(::sysconf(_SC_PAGESIZE)) / sizeof(T);
    volatile uint8_t* bytes = reinterpret_cast<volatile uint8_t*>(p_);
    for (size_t i = begin; i < end; i += step) {
      size_t at = i * sizeof(T);
      bytes[at] = bytes[at];  // a write fault maps the page; the value stays
    }
  }

  // Gives the whole pages below element `end` back to the kernel (unmapped:
  // elements below `end` must not be used any more). Each call goes further
  // than the last; a small array keeps its memory until freed.
  void ReleaseBelow(size_t end) {
    if (!mapped_) return;
    static const uintptr_t page = static_cast<uintptr_t>(::sysconf(_SC_PAGESIZE));
    uintptr_t base = reinterpret_cast<uintptr_t>(p_);
    uintptr_t to = reinterpret_cast<uintptr_t>(p_ + end) & ~(page - 1);
    if (to <= base + unmapped_) return;
    ::munmap(reinterpret_cast<void*>(base + unmapped_), to - base - unmapped_);
    unmapped_ = to - base;
  }

 private:
  static constexpr size_t kMapped = 1 << 20;

  void Free() {
    if (!p_) return;
    // Only what ReleaseBelow left: the address range below may belong to
    // another mapping by now.
    if (mapped_ && unmapped_ < n_ * sizeof(T))
      ::munmap(reinterpret_cast<uint8_t*>(p_) + unmapped_, n_ * sizeof(T) - unmapped_);
    else if (!mapped_)
      std::free(p_);
    p_ = nullptr;
  }

  T* p_ = nullptr;
  size_t n_ = 0;
  size_t unmapped_ = 0;  // bytes from p_ on already given back
  bool mapped_ = false;
};

}  // namespace herald::rib
