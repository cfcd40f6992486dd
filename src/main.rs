fn main() {
    yew::Renderer::<layerlab::App>::new().render();
}
