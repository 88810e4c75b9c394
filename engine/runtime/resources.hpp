// Resources: the channels, mutexes and notifies a scenario declares, and the queues of join
// handles waiting for a task that has not been spawned yet. (IO sources live in the reactor.)
//
// Rules:
//   R1. a channel's senders are the live tasks whose body sends on it, its receivers the live
//       tasks whose body receives from it; `task_started` counts a task in, `task_finished`
//       counts it out;
//   R2. when the last sender task finishes the channel closes and the receiver's waker is
//       woken (recv returns None once the channel is empty);
//   R3. when the last receiver task finishes, its waker slot is dropped and every parked sender
//       is woken (send returns Err from now on);
//   R4. unlocking a mutex hands it to the first waiter, woken, before that waiter is polled.
#pragma once
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "engine/model/scenario.hpp"
#include "engine/runtime/sync.hpp"
#include "engine/runtime/wait_queue.hpp"

namespace ps {

class WakerTable;

class Resources {
public:
    explicit Resources(const Scenario& scenario);

    Channel* channel(const std::string& name);
    AsyncMutex* mutex(const std::string& name);
    NotifyRes* notify(const std::string& name);
    std::size_t mutex_index(const std::string& name) const;

    // Join handles waiting for a task spec's first spawn.
    WaitQueue& spawn_waiters(const std::string& spec_name);
    // Wakes them: the task was spawned.
    void wake_spawn_waiters(const std::string& spec_name, WakerTable& wakers);

    // R1-R3: a task of `spec_name` started or finished.
    void task_started(const std::string& spec_name);
    void task_finished(const std::string& spec_name, WakerTable& wakers);
    // R4: `task` lets go of mutex `index`; `who` names it in the wake's cause.
    void release_mutex(std::size_t index, std::uint32_t task, const std::string& who, WakerTable& wakers);

    void clear_silently();  // teardown only

    // ---- resources a program creates as it runs (mpsc::channel(8), Mutex::new, Notify::new)
    // Each gets a unique name ("mpsc#1") and is found by it like a declared one. A program's
    // channels are not counted by R1: the program counts its Sender and Receiver values, and
    // `sender_dropped`/`receiver_dropped` apply R2/R3 when the last of them goes.
    void add(ResourceSpec spec);
    void sender_dropped(const std::string& channel, WakerTable& wakers);
    void receiver_dropped(const std::string& channel, WakerTable& wakers);

private:
    void index(const ResourceSpec& r);
    void close_for_senders(Channel& c, WakerTable& wakers, const std::string& why);
    void close_for_receiver(Channel& c, WakerTable& wakers);

    std::map<std::string, std::size_t> channel_index_, mutex_index_, notify_index_;
    std::deque<Channel> channels_;
    std::deque<AsyncMutex> mutexes_;
    std::deque<NotifyRes> notifies_;
    std::map<std::string, std::unique_ptr<WaitQueue>> spawn_waiters_;
    std::map<std::string, std::vector<std::size_t>> sends_of_task_;  // task spec -> channels it sends on
    std::map<std::string, std::vector<std::size_t>> recvs_of_task_;  // task spec -> channels it receives from
    std::deque<ResourceSpec> created_;                               // made by a program while it ran
};

}  // namespace ps
